package pics.aed.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local stack ({@code deploy/local/up.sh --fresh}) as a child process on free ports, for one load run: started,
 * waited for until it prints {@code aedpics local stack ready}, stopped with SIGTERM (up.sh then stops the services
 * and the infrastructure and waits for them). A JVM shutdown hook stops it too, so a crashed or interrupted run leaves
 * nothing behind; only after 120 s without an exit is the process tree killed.
 */
public final class LocalStack implements AutoCloseable {

    public static final String READY_LINE = "aedpics local stack ready";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> SERVICES =
            List.of("sessions-service", "schedules-service", "sync-service", "monitoring-service");

    private final Process process;
    private final Path log;
    private final Path dataDir;
    private final Map<String, Integer> ports;
    private final Thread stopOnExit;

    private LocalStack(Process process, Path log, Path dataDir, Map<String, Integer> ports) {
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
        this.ports = ports;
        this.stopOnExit = new Thread(this::stop, "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts up.sh with empty data and waits until it is ready (or fails, naming its log). */
    public static LocalStack start(Path repo, Path workDir, int egenDevices, Duration readyTimeout) {
        requireBuilt(repo);
        Map<String, Integer> ports = freePorts(
                "AEDPICS_SESSIONS_PORT",
                "AEDPICS_SCHEDULES_PORT",
                "AEDPICS_SYNC_PORT",
                "AEDPICS_MONITORING_PORT",
                "AEDPICS_PG_PORT",
                "AEDPICS_KAFKA_PORT",
                "AEDPICS_KAFKA_CONTROLLER_PORT",
                "AEDPICS_EGEN_PORT",
                "AEDPICS_WEBHOOK_PORT");
        Path dataDir = workDir.resolve("local-stack");
        Path log = workDir.resolve("local-stack-up.log");
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(
                            "bash", repo.resolve("deploy/local/up.sh").toString(), "--fresh")
                    .directory(repo.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            ports.forEach((name, port) -> env.put(name, String.valueOf(port)));
            env.put("AEDPICS_DATA_DIR", dataDir.toString());
            env.put("AEDPICS_EGEN_DEVICES", String.valueOf(egenDevices));
            env.put("AEDPICS_READY_TIMEOUT", String.valueOf(readyTimeout.toSeconds()));
            env.putIfAbsent("AEDPICS_JAVA_OPTS", "-Xmx256m");
            System.out.println("starting the local stack (deploy/local/up.sh --fresh, " + egenDevices
                    + " simulator devices, ports " + ports + "; log " + log + ") ...");
            LocalStack stack = new LocalStack(builder.start(), log, dataDir, ports);
            stack.awaitReady(readyTimeout.plusSeconds(120));
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start deploy/local/up.sh", e);
        }
    }

    public String baseUrl(String portVariable) {
        return "http://localhost:" + ports.get(portVariable);
    }

    /** up.sh would build what is missing with ./mvnw install; inside a Maven build that must not happen. */
    private static void requireBuilt(Path repo) {
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
            if (!Files.isRegularFile(repo.resolve(service + "/target/quarkus-app/quarkus-run.jar"))) {
                missing.add(service + "/target/quarkus-app/quarkus-run.jar");
            }
        }
        if (!Files.isDirectory(repo.resolve("deploy/local/target/lib"))) {
            missing.add("deploy/local/target/lib");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the local stack is not built (missing " + missing
                    + "); run the suite through the reactor: ./mvnw -pl deploy/system-tests/load-suite -am verify");
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (logContains(READY_LINE)) {
                System.out.println("local stack ready");
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("deploy/local/up.sh exited with status " + process.exitValue()
                        + " before it was ready; the end of its log:\n" + logTail());
            }
            sleep(Duration.ofMillis(500));
        }
        stop();
        throw new IllegalStateException("the local stack was not ready within " + timeout.toSeconds()
                + " s; the end of its log:\n" + logTail());
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    /** SIGTERM to up.sh, which stops what it started; the process tree is killed only if it does not exit in time. */
    private synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        System.out.println("stopping the local stack (SIGTERM to up.sh, pid " + process.pid() + ") ...");
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                System.out.println(
                        "up.sh did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killing its processes");
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                stopPostgres();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        System.out.println("local stack stopped (up.sh exit status "
                + (process.isAlive() ? "unknown" : process.exitValue()) + ")");
    }

    /** PostgreSQL runs as a daemon (pg_ctl), outside up.sh's process tree: stop it when up.sh could not. */
    private void stopPostgres() {
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> postgres = ProcessHandle.of(pid)
                    .filter(handle -> handle.info().command().orElse("").contains("postgres"));
            postgres.ifPresent(ProcessHandle::destroy);
        } catch (IOException | RuntimeException e) {
            System.out.println("could not stop PostgreSQL from " + pidFile + ": " + e);
        }
    }

    private boolean logContains(String line) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().anyMatch(line::equals);
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Distinct free ports, each held open until all are chosen so that none is handed out twice. */
    private static Map<String, Integer> freePorts(String... names) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String name : names) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports.put(name, socket.getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            held.forEach(LocalStack::closeQuietly);
        }
        return ports;
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a port we only held to reserve it
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the local stack", e);
        }
    }
}
