package pics.aed.testsupport;

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
import java.util.concurrent.TimeUnit;

/**
 * Another aedpics service, as built by the reactor ({@code <module>/target/quarkus-app}), run as a child JVM against
 * this test JVM's PostgreSQL and Kafka, on a free port, in the production profile: the other side of a flow between
 * services as it runs in production, not a copy of its code. The module under test must depend on the other module's
 * pom (type pom, scope test) so that {@code -pl <module> -am} packages it first. Its output goes to
 * {@code target/<module>-child.log}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the module's service and waits until it is ready.
     *
     * @param properties system properties for the child on top of the test servers' connection settings
     */
    public static ServiceProcess start(String module, Map<String, String> properties) throws Exception {
        Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build through the reactor, e.g."
                    + " ./mvnw -pl <this module> -am verify (this module depends on " + module + "'s pom so that it"
                    + " is packaged first)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        for (Map.Entry<String, String> entry : AedpicsTestServers.config().entrySet()) {
            command.add("-D" + entry.getKey() + "=" + entry.getValue());
        }
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            command.add("-D" + entry.getKey() + "=" + entry.getValue());
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Path log = Path.of("target", module + "-child.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServiceProcess child = new ServiceProcess(process, port, log);
        child.awaitReady(module);
        return child;
    }

    public String baseUri() {
        return "http://localhost:" + port;
    }

    /** The child's console output (stdout and stderr). */
    public Path log() {
        return log;
    }

    private void awaitReady(String module) throws Exception {
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
