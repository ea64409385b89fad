package pics.aed.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One process of the stack, started by the suite with its output in a log file. Every process started is also
 * registered with a JVM shutdown hook that kills its whole tree, so that a failing or interrupted run leaves nothing
 * behind; PostgreSQL, which zonky starts as a daemon (not our child), is tracked by its data directory.
 */
final class ChildProcess {

    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> POSTGRES_DATA_DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killEverything, "fault-suite-reaper"));
    }

    final String name;
    final Path log;
    private final Process process;

    private ChildProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        ChildProcess child = new ChildProcess(name, log, builder.start());
        LIVE.add(child);
        return child;
    }

    /** A PostgreSQL data directory whose server the reaper must stop if the suite dies. */
    static void trackPostgres(Path dataDir) {
        POSTGRES_DATA_DIRS.add(dataDir);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP / SIGCONT / SIGKILL / SIGTERM to the process itself (not its children). */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, as a crash: no shutdown hook of the process runs. Waits until it is gone. */
    void kill() throws InterruptedException {
        killTree(process.toHandle());
        process.waitFor(30, TimeUnit.SECONDS);
        LIVE.remove(this);
    }

    /** SIGTERM, then SIGKILL of the whole tree after {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            // a stopped (SIGSTOP) process must continue to handle SIGTERM
            try {
                signal("CONT");
            } catch (IOException e) {
                // already gone
            }
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process.toHandle());
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        LIVE.remove(this);
    }

    private static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    /** Kills every process still registered and every tracked PostgreSQL server (afterAll and the shutdown hook). */
    static void killEverything() {
        for (ChildProcess child : LIVE) {
            killTree(child.process.toHandle());
        }
        LIVE.clear();
        for (Path dataDir : POSTGRES_DATA_DIRS) {
            postmaster(dataDir).ifPresent(ChildProcess::killTree);
        }
    }

    /** The live postmaster of a data directory, from its {@code postmaster.pid}. */
    static Optional<ProcessHandle> postmaster(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty()
                    ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
