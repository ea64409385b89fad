package pics.aed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AedpicsTestServersTest {

    @Test
    void theTestResourceHandsQuarkusEveryServerSetting() {
        Map<String, String> config = new AedpicsTestServers().start();

        assertThat(config)
                .containsEntry("quarkus.devservices.enabled", "false")
                .containsEntry("quarkus.datasource.username", "aedpics")
                .containsEntry("quarkus.datasource.password", "aedpics")
                .containsEntry("mp.jwt.verify.issuer", "https://aed.pics/test")
                .containsEntry("quarkus.datasource.jdbc.url", AedpicsTestServers.jdbcUrl())
                .containsEntry("kafka.bootstrap.servers", AedpicsTestServers.kafkaBootstrapServers());
        assertThat(config.get("quarkus.datasource.reactive.url"))
                .isEqualTo(AedpicsTestServers.jdbcUrl().substring("jdbc:".length()));
        assertThat(config.get("mp.jwt.verify.publickey.location")).startsWith("file:/");
        assertThat(Path.of(java.net.URI.create(config.get("mp.jwt.verify.publickey.location"))))
                .exists();
        assertThat(String.join(",", config.values())).doesNotContain(":15432", ":19092", ":18089");
    }

    @Test
    void stoppingTheResourceLeavesTheServersToTheNextTestClassOrRestart() {
        AedpicsTestServers resource = new AedpicsTestServers();
        Map<String, String> first = resource.start();
        resource.stop();

        assertThat(new AedpicsTestServers().start()).isEqualTo(first);
        assertThat(Database.<Integer>scalar("select 1")).isEqualTo(1);
    }

    /** Quarkus loads each application's copy of this class in its own class loader: all must share one server. */
    @Test
    void aCopyLoadedByAnotherClassLoaderUsesTheSameServers() throws Exception {
        URL[] classpath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(URL[]::new);
        try (URLClassLoader isolated = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(AedpicsTestServers.class.getName());
            assertThat(copy).isNotSameAs(AedpicsTestServers.class);

            Object config = copy.getMethod("config").invoke(null);

            assertThat(config).isEqualTo(AedpicsTestServers.config());
        }
    }
}
