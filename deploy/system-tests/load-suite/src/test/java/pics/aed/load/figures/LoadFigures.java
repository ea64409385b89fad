package pics.aed.load.figures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The figures of a load run, from Gatling's own statistics ({@code js/stats.json} of the newest report): per level
 * ("at N users" groups, see LoadProfile) and per request, the count, throughput, error rate and p50/p95/p99; written
 * as a Markdown table ({@code load-figures.md}) and as a picture of p99 against concurrency ({@code load-p99.svg}),
 * optionally copied to a third path (docs/load-p99.svg for the ramp).
 *
 * <p>Usage: {@code LoadFigures <gatling results dir> <output dir> [<copy of the picture>]}.
 */
public final class LoadFigures {

    private static final Pattern LEVEL = Pattern.compile("at (\\d+) users");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request's figures at one level. Times in ms; throughput in requests per second of the level's hold. */
    public record Row(
            int users, String request, long count, long failed, double throughput, long p50, long p95, long p99) {

        public double errorPercent() {
            return count == 0 ? 0 : 100.0 * failed / count;
        }
    }

    private LoadFigures() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: LoadFigures <gatling results dir> <output dir> [<copy of the picture>]");
        }
        Path results = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Optional<Path> report = newestReport(results);
        if (report.isEmpty()) {
            System.out.println("LoadFigures: no Gatling report under " + results + " (the run did not get that far)");
            return;
        }
        JsonNode run = runInfo(out);
        List<Row> rows =
                rows(JSON.readTree(report.get().resolve("js/stats.json").toFile()), run.path("holdSeconds"));
        String caption = caption(run);
        Files.writeString(
                out.resolve("load-figures.md"), markdown(report.get(), caption, rows), StandardCharsets.UTF_8);
        Path picture = out.resolve("load-p99.svg");
        Files.writeString(picture, P99Chart.svg(rows, caption), StandardCharsets.UTF_8);
        System.out.println(
                "LoadFigures: " + out.resolve("load-figures.md") + " and " + picture + " from " + report.get());
        if (args.length > 2 && !args[2].isBlank()) {
            Path copy = Path.of(args[2]);
            Files.copy(picture, copy, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("LoadFigures: copied the picture to "
                    + copy.toAbsolutePath().normalize());
        }
    }

    static Optional<Path> newestReport(Path results) throws IOException {
        if (!Files.isDirectory(results)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(results)) {
            return runs.filter(run -> Files.isRegularFile(run.resolve("js/stats.json")))
                    .max(Comparator.comparing(LoadFigures::modified));
        }
    }

    /**
     * What the simulation wrote about its run ({@code load-run.json}): profile, start, commit, machine load, and the
     * hold of each level in seconds (throughput divides by it).
     */
    static JsonNode runInfo(Path out) throws IOException {
        Path info = out.resolve("load-run.json");
        return Files.isRegularFile(info) ? JSON.readTree(info.toFile()) : JSON.createObjectNode();
    }

    /** Every request inside an "at N users" group, ordered by level then request name. */
    public static List<Row> rows(JsonNode stats, JsonNode phases) {
        List<Row> rows = new ArrayList<>();
        collect(stats, null, phases, rows);
        rows.sort(Comparator.comparingInt(Row::users).thenComparing(Row::request));
        return rows;
    }

    private static void collect(JsonNode node, Integer users, JsonNode phases, List<Row> rows) {
        String type = node.path("type").asText();
        String name = node.path("name").asText();
        if (type.equals("REQUEST") && users != null) {
            rows.add(row(
                    users,
                    name,
                    node.path("stats"),
                    phases.path(String.valueOf(users)).asDouble(0)));
            return;
        }
        Integer level = users;
        if (type.equals("GROUP")) {
            Matcher matcher = LEVEL.matcher(name);
            if (matcher.matches()) {
                level = Integer.parseInt(matcher.group(1));
            }
        }
        for (JsonNode child : node.path("contents")) {
            collect(child, level, phases, rows);
        }
    }

    private static Row row(int users, String request, JsonNode stats, double holdSeconds) {
        long count = stats.path("numberOfRequests").path("total").asLong();
        long failed = stats.path("numberOfRequests").path("ko").asLong();
        double throughput = holdSeconds > 0
                ? count / holdSeconds
                : stats.path("meanNumberOfRequestsPerSecond").path("total").asDouble();
        return new Row(
                users,
                request,
                count,
                failed,
                throughput,
                stats.path("percentiles1").path("total").asLong(),
                stats.path("percentiles3").path("total").asLong(),
                stats.path("percentiles4").path("total").asLong());
    }

    static String markdown(Path report, String caption, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append(caption)
                .append("; Gatling report `")
                .append(report.getFileName())
                .append("`.\n\n");
        md.append("| users | request | requests | req/s | errors | p50 ms | p95 ms | p99 ms |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %.1f | %.2f %% | %d | %d | %d |%n",
                    row.users(),
                    row.request(),
                    row.count(),
                    row.throughput(),
                    row.errorPercent(),
                    row.p50(),
                    row.p95(),
                    row.p99()));
        }
        return md.toString();
    }

    static String caption(JsonNode run) {
        return String.format(
                Locale.ROOT,
                "profile %s, started %s, commit %s, %s cores, load average at start %s",
                run.path("profile").asText("?"),
                run.path("started").asText("?"),
                run.path("commit").asText("?"),
                run.path("cores").asText("?"),
                run.path("loadAverage").asText("?"));
    }

    private static java.nio.file.attribute.FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
