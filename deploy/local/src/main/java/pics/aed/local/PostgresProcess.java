package pics.aed.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server of a data directory, found through its {@code postmaster.pid}. zonky starts the server with
 * {@code pg_ctl start} (inside {@code unshare -U} when running as root), so it is a daemon, not a child of the JVM.
 */
final class PostgresProcess {

    private PostgresProcess() {}

    /** The live postmaster named by {@code dataDir/postmaster.pid}, if it is a postgres process. */
    static Optional<ProcessHandle> running(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(PostgresProcess::isPostgres);
    }

    private static boolean isPostgres(ProcessHandle h) {
        Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        try {
            if (Files.exists(cmdline)) {
                String c = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
                return c.contains("postgres");
            }
        } catch (IOException e) {
            // fall through
        }
        return h.info().command().map(c -> c.contains("postgres")).orElse(false);
    }

    /**
     * Fast shutdown (SIGINT: roll back open transactions, disconnect clients, checkpoint), then, if it is still alive
     * after {@code timeout}, immediate shutdown (SIGQUIT) and finally SIGKILL. True when the process is gone.
     */
    static boolean stop(ProcessHandle h, Duration timeout) throws InterruptedException {
        signal(h.pid(), "INT");
        if (waitFor(h, timeout)) {
            return true;
        }
        signal(h.pid(), "QUIT");
        if (waitFor(h, Duration.ofSeconds(10))) {
            return true;
        }
        h.destroyForcibly();
        return waitFor(h, Duration.ofSeconds(5));
    }

    private static void signal(long pid, String sig) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // "kill" missing: fall back to SIGTERM (smart shutdown)
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private static boolean waitFor(ProcessHandle h, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (h.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return !h.isAlive();
    }
}
