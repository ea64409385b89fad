package pics.aed.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.AedpicsTestServers;
import pics.aed.testsupport.TestKeys;
import pics.aed.testsupport.Tokens;

/**
 * sessions-service started from its container image as Kubernetes would run it: the OCI archive the build wrote
 * (target/jib-image.tar) unpacked layer by layer, its entrypoint run as the image says, chrooted into that file
 * system mounted read-only with a tmpfs on /tmp (the Deployment's emptyDir), with PostgreSQL and Kafka from
 * libs/test-support. First the Deployment's init step (migrations, then exit), then the service, until every probe
 * path of the rendered Deployment answers 200. No container runtime exists here: a user and mount namespace
 * ({@code unshare}, util-linux) gives the chroot and the read-only mounts without privileges.
 */
class SessionsImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private static Path rootfs;
    private static JsonNode config;
    private static Path logs;
    private Process running;

    @BeforeAll
    static void unpackTheImage() throws Exception {
        Path archive = Repository.root().resolve("sessions-service/target/jib-image.tar");
        assertThat(archive)
                .as("the image archive; sessions-service builds it in its package phase unless -DskipImage"
                        + " (docs/operations.md \"Images\")")
                .exists();
        Path work = Files.createDirectories(Repository.kubernetes().resolve("target/image-test"));
        deleteRecursively(work);
        Path layout = Files.createDirectories(work.resolve("layout"));
        rootfs = Files.createDirectories(work.resolve("rootfs"));
        logs = Files.createDirectories(work.resolve("logs"));
        run(List.of("tar", "-xf", archive.toString(), "-C", layout.toString()));

        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(
                blob(layout, index.path("manifests").get(0).path("digest").asText())
                        .toFile());
        config = JSON.readTree(
                blob(layout, manifest.path("config").path("digest").asText()).toFile());
        for (JsonNode layer : manifest.path("layers")) {
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            run(List.of(
                    "tar",
                    "--warning=no-unknown-keyword",
                    "-xzf",
                    blob(layout, layer.path("digest").asText()).toString(),
                    "-C",
                    rootfs.toString()));
        }
    }

    @AfterEach
    void stopTheService() throws InterruptedException {
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!running.waitFor(90, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
        }
    }

    @Test
    void theImageRunsAsNonRootWithTheJvmSizedByTheContainer() {
        JsonNode image = config.path("config");

        assertThat(image.path("User").asText()).isEqualTo("10001");
        assertThat(image.path("Entrypoint"))
                .extracting(JsonNode::asText)
                .contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError");
        assertThat(image.path("ExposedPorts").has("8081/tcp")).isTrue();
        assertThat(rootfs.resolve("deployments/quarkus-run.jar")).exists();
        assertThat(rootfs.resolve("etc/passwd")).content().contains("aedpics:x:10001:10001");
    }

    @Test
    void migratesThenServesFromAReadOnlyRootFileSystem() throws Exception {
        Map<String, String> environment = serviceEnvironment(freePort());

        Map<String, String> migrate = new LinkedHashMap<>(environment);
        migrate.put("QUARKUS_INIT_AND_EXIT", "true");
        migrate.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
        Process init = start(migrate, "migrate");
        assertThat(init.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the init step exits; log:%n%s", tail("migrate"))
                .isTrue();
        assertThat(init.exitValue())
                .as("the init step's exit code; log:%n%s", tail("migrate"))
                .isZero();
        assertThat(appliedMigrations())
                .as("Flyway migrations applied by the init step")
                .isPositive();

        environment.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        running = start(environment, "service");
        String base = "http://localhost:" + environment.get("QUARKUS_HTTP_PORT");
        for (String path : probePaths()) {
            assertThat(awaitOk(base + path))
                    .as("GET %s; log:%n%s", path, tail("service"))
                    .isEqualTo(200);
        }
        assertThat(get(base + "/api/inspections", null).statusCode())
                .as("an API call without a token")
                .isEqualTo(401);
        assertThat(get(base + "/api/inspections", "Bearer " + Tokens.master("image-test"))
                        .statusCode())
                .as("an API call with a token; log:%n%s", tail("service"))
                .isEqualTo(200);

        running.destroy();
        assertThat(running.waitFor(90, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        assertThat(Files.readString(logs.resolve("service.log"))).doesNotContain("Read-only file system");
    }

    /** The probe paths of the rendered Deployment: what the kubelet will ask. */
    private static List<String> probePaths() {
        Deployment deployment = Manifests.render(Repository.overlay("prod")).deployments().stream()
                .filter(d -> d.getMetadata().getName().equals("sessions-service"))
                .findFirst()
                .orElseThrow();
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        return Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .map(p -> p.getHttpGet().getPath())
                .toList();
    }

    private static Map<String, String> serviceEnvironment(int port) {
        Map<String, String> servers = AedpicsTestServers.config();
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode variable : config.path("config").path("Env")) {
            String[] pair = variable.asText().split("=", 2);
            environment.put(pair[0], pair[1]);
        }
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", servers.get("quarkus.datasource.reactive.url"));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", servers.get("quarkus.datasource.jdbc.url"));
        environment.put("QUARKUS_DATASOURCE_USERNAME", servers.get("quarkus.datasource.username"));
        environment.put("QUARKUS_DATASOURCE_PASSWORD", servers.get("quarkus.datasource.password"));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", servers.get("kafka.bootstrap.servers"));
        environment.put("MP_JWT_VERIFY_PUBLICKEY", TestKeys.publicKeyPem());
        environment.put("MP_JWT_VERIFY_ISSUER", servers.get("mp.jwt.verify.issuer"));
        environment.put("QUARKUS_SHUTDOWN_TIMEOUT", "10S");
        // No cgroup memory limit here, so the image's -XX:MaxRAMPercentage would size the heap from the whole
        // machine; cap it as a small container's limit would.
        environment.put("JAVA_TOOL_OPTIONS", "-Xmx256m -Xms64m");
        return environment;
    }

    /** Runs the image's entrypoint in its working directory, chrooted into the read-only unpacked image. */
    private static Process start(Map<String, String> environment, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--user",
                "--map-root-user",
                "--mount",
                "sh",
                "-c",
                """
                set -e
                root="$1"; workdir="$2"; shift 2
                mount --rbind "$root" "$root"
                mount -o remount,bind,ro "$root"
                mount -t tmpfs -o size=256m tmpfs "$root/tmp"
                mount --rbind /proc "$root/proc"
                mount --rbind /dev "$root/dev"
                exec unshare --root="$root" --wd="$workdir" "$@"
                """,
                "image",
                rootfs.toString(),
                config.path("config").path("WorkingDir").asText("/")));
        config.path("config").path("Entrypoint").forEach(part -> command.add(part.asText()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static int appliedMigrations() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        AedpicsTestServers.jdbcUrl(), AedpicsTestServers.DB_USER, AedpicsTestServers.DB_PASSWORD);
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM inspection.flyway_schema_history WHERE success")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private int awaitOk(String url) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline && running.isAlive()) {
            try {
                status = get(url, null).statusCode();
                if (status == 200) {
                    return status;
                }
            } catch (IOException notListeningYet) {
                status = -1;
            }
            Thread.sleep(500);
        }
        return status;
    }

    private static HttpResponse<String> get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .filter(p -> !p.equals(directory))
                    .forEach(p -> {
                        try {
                            Files.delete(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }
}
