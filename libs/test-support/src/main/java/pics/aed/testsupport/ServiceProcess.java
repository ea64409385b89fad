package pics.aed.testsupport;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Another service of the repository, as built by the reactor ({@code <module>/target/quarkus-app}), run as a child JVM
 * against this test JVM's PostgreSQL and Kafka ({@link AedpicsTestServers}) on a free port: the other half of a loop
 * as it runs in production, not a copy of its code. Its output goes to {@code target/<module>-child.log}.
 * <p>
 * The calling module's pom must depend on the service's pom ({@code <type>pom</type>}, test scope) so that
 * {@code ./mvnw -pl <caller> -am verify} packages the service first.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final String module;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String module, Process process, int port, Path log) {
        this.module = module;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the module's built service and waits until {@code /q/health/ready} answers 200. */
    public static ServiceProcess start(String module) throws IOException, InterruptedException {
        return start(module, Map.of());
    }

    /**
     * The same with extra configuration ({@code -D} system properties, which win over the service's
     * application.properties), e.g. a shorter outbox poll interval.
     */
    public static ServiceProcess start(String module, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path jar = builtJar(module);
        int port = freePort();
        Map<String, String> config = new TreeMap<>(AedpicsTestServers.config());
        config.put("quarkus.http.port", Integer.toString(port));
        config.putAll(settings);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Path log = Path.of("target", module + "-child.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServiceProcess child = new ServiceProcess(module, process, port, log);
        child.awaitReady();
        return child;
    }

    /** The child's output (its log lines), {@code target/<module>-child.log}. */
    public Path log() {
        return log;
    }

    /** {@code http://localhost:PORT}. */
    public String baseUri() {
        return "http://localhost:" + port;
    }

    /** A JSON request to this service as the holder of {@code token}. */
    public RequestSpecification as(String token) {
        return RestAssured.given().baseUri(baseUri()).auth().oauth2(token).contentType("application/json");
    }

    /** Stops the service (SIGTERM, so it shuts down gracefully; killed after 30 s). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code <module>/target/quarkus-app/quarkus-run.jar} of the repository this test runs in: the module is looked
     * for beside the working directory's module and above it, so that nested modules (deploy/…) find it too.
     */
    static Path builtJar(String module) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(module).resolve("pom.xml"))) {
                Path jar = dir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " is missing: build through the reactor, e.g. ./mvnw -pl"
                            + " <this module> -am verify, with a test-scoped dependency on " + module
                            + "'s pom (type pom) in this module's pom so that it is packaged first");
                }
                return jar;
            }
        }
        throw new IllegalStateException(
                "no module " + module + " in or above " + Path.of("").toAbsolutePath());
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException(module + " not ready within " + READY_TIMEOUT + "; see " + log);
    }

    private int status(String path) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create(baseUri() + path).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
