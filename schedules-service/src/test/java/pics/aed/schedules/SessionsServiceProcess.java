package pics.aed.schedules;

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
import pics.aed.testsupport.AedpicsTestServers;

/**
 * The built sessions-service ({@code sessions-service/target/quarkus-app}, which the reactor builds before this
 * module) run as a child JVM against this test JVM's PostgreSQL and Kafka: the other half of the loop, as it runs in
 * production, not a copy of its code.
 */
final class SessionsServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "sessions-service", "target", "quarkus-app", "quarkus-run.jar");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;

    private SessionsServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SessionsServiceProcess start() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build through the reactor, e.g."
                    + " ./mvnw -pl schedules-service -am verify (schedules-service depends on sessions-service's pom"
                    + " so that it is packaged first)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        for (Map.Entry<String, String> entry : AedpicsTestServers.config().entrySet()) {
            command.add("-D" + entry.getKey() + "=" + entry.getValue());
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Daedpics.outbox.poll-interval=PT0.2S");
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        Path log = Path.of("target", "sessions-service-child.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SessionsServiceProcess child = new SessionsServiceProcess(process, port);
        child.awaitReady(log);
        return child;
    }

    String baseUri() {
        return "http://localhost:" + port;
    }

    private void awaitReady(Path log) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sessions-service exited with " + process.exitValue() + "; see " + log);
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("sessions-service not ready within " + READY_TIMEOUT + "; see " + log);
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
