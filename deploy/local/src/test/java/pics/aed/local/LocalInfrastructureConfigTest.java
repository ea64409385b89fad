package pics.aed.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInfrastructureConfigTest {

    @Test
    void defaults() {
        LocalInfrastructure.Config c = LocalInfrastructure.Config.from(new String[0], Map.of());
        assertThat(c.pgPort()).isEqualTo(15432);
        assertThat(c.kafkaPort()).isEqualTo(19092);
        assertThat(c.kafkaControllerPort()).isEqualTo(19093);
        assertThat(c.egenPort()).isEqualTo(18089);
        assertThat(c.egenDevices()).isEqualTo(81_464);
        assertThat(c.fresh()).isFalse();
        assertThat(c.components()).containsExactlyInAnyOrder(LocalInfrastructure.Component.values());
        // found from this module's location, whatever the working directory
        assertThat(c.dataDir().toString())
                .endsWith(Path.of("deploy", "local", ".data").toString());
        assertThat(c.dataDir().getParent().resolve("pom.xml")).exists();
    }

    @Test
    void environmentAndFresh() {
        LocalInfrastructure.Config c = LocalInfrastructure.Config.from(
                new String[] {"--fresh"},
                Map.of(
                        "AEDPICS_PG_PORT",
                        "25432",
                        "AEDPICS_KAFKA_PORT",
                        "29092",
                        "AEDPICS_EGEN_PORT",
                        "28089",
                        "AEDPICS_DATA_DIR",
                        "/tmp/x/../aedpics-data",
                        "AEDPICS_EGEN_DEVICES",
                        "100"));
        assertThat(c.pgPort()).isEqualTo(25432);
        assertThat(c.kafkaControllerPort()).isEqualTo(29093);
        assertThat(c.egenPort()).isEqualTo(28089);
        assertThat(c.egenDevices()).isEqualTo(100);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/aedpics-data"));
        assertThat(c.fresh()).isTrue();
        assertThat(LocalInfrastructure.Config.from(new String[0], Map.of("AEDPICS_FRESH", "true"))
                        .fresh())
                .isTrue();
    }

    @Test
    void componentsChooseWhatTheProcessRuns() {
        LocalInfrastructure.Config kafkaOnly =
                LocalInfrastructure.Config.from(new String[0], Map.of("AEDPICS_INFRA_COMPONENTS", " Kafka "));
        assertThat(kafkaOnly.components()).containsExactly(LocalInfrastructure.Component.KAFKA);
        assertThat(kafkaOnly.runs(LocalInfrastructure.Component.POSTGRES)).isFalse();
        assertThat(LocalInfrastructure.Config.from(
                                new String[0], Map.of("AEDPICS_INFRA_COMPONENTS", "postgres,egen,webhook"))
                        .components())
                .containsExactlyInAnyOrder(
                        LocalInfrastructure.Component.POSTGRES,
                        LocalInfrastructure.Component.EGEN,
                        LocalInfrastructure.Component.WEBHOOK);
        assertThatThrownBy(() -> LocalInfrastructure.Config.from(
                        new String[0], Map.of("AEDPICS_INFRA_COMPONENTS", "postgres,zookeeper")))
                .isInstanceOf(LocalInfrastructure.UsageException.class)
                .hasMessageContaining("zookeeper");
    }

    @Test
    void badConfigurationIsAUsageError() {
        assertThatThrownBy(() -> LocalInfrastructure.Config.from(new String[0], Map.of("AEDPICS_PG_PORT", "x")))
                .isInstanceOf(LocalInfrastructure.UsageException.class)
                .hasMessageContaining("AEDPICS_PG_PORT");
        assertThatThrownBy(() -> LocalInfrastructure.Config.from(new String[0], Map.of("AEDPICS_KAFKA_PORT", "70000")))
                .isInstanceOf(LocalInfrastructure.UsageException.class)
                .hasMessageContaining("1-65535");
        assertThatThrownBy(() -> LocalInfrastructure.Config.from(new String[] {"--frsh"}, Map.of()))
                .isInstanceOf(LocalInfrastructure.UsageException.class)
                .hasMessageContaining("--frsh");
    }

    @Test
    void clusterIdComesFromAnExistingLogDir(@TempDir Path dir) throws Exception {
        assertThat(LocalInfrastructure.clusterIdOf(dir)).isEmpty();
        Files.writeString(dir.resolve("meta.properties"), "node.id=1\ncluster.id=abcDEF123\nversion=1\n");
        assertThat(LocalInfrastructure.clusterIdOf(dir)).isEqualTo(Optional.of("abcDEF123"));
    }
}
