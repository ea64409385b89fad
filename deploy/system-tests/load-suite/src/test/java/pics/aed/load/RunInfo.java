package pics.aed.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * What figures need to know about a run besides Gatling's statistics ({@code load-run.json}, read by LoadFigures):
 * the profile, when it started, the commit, the machine's cores and load average, and how long each measured level
 * was held (throughput is requests ÷ hold).
 */
final class RunInfo {

    private RunInfo() {}

    static void write(Path file, LoadProfile profile, Path repo) {
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("profile", profile.name());
        info.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        info.put("commit", commit(repo));
        info.put("cores", Runtime.getRuntime().availableProcessors());
        info.put("loadAverage", loadAverage());
        ObjectNode holds = info.putObject("holdSeconds");
        profile.phases().stream()
                .filter(LoadProfile.Phase::measured)
                .forEach(phase -> holds.put(
                        String.valueOf(phase.toUsers()), phase.duration().toSeconds()));
        try {
            Files.writeString(file, info.toPrettyString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String commit(Path repo) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
                    .directory(repo.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
