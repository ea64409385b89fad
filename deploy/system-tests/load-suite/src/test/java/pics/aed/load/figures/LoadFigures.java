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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a load run, from Gatling's own statistics (the statistics table of the newest report's
 * {@code index.html}: Gatling 3.14 writes no stats.json, and its simulation.log is binary): per level ("at N users"
 * groups, see LoadProfile) and per request, the count, throughput, error rate and p50/p95/p99; written
 * as a Markdown table ({@code load-figures.md}) and as a picture of p99 against concurrency ({@code load-p99.svg}),
 * optionally copied to a third path (docs/load-p99.svg for the ramp).
 *
 * <p>Usage: {@code LoadFigures <gatling results dir> <output dir> [<copy of the picture>]}.
 */
public final class LoadFigures {

    private static final Pattern LEVEL = Pattern.compile("at (\\d+) users");
    private static final Pattern ROW =
            Pattern.compile("<tr id=\"([^\"]+)\"(?: data-parent=\"([^\"]+)\")?\\s*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">(.*?)</span>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");
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
            System.out.println("LoadFigures: the last run left no report in " + results + " (it did not get that far)");
            return;
        }
        JsonNode run = runInfo(out);
        String html = Files.readString(report.get().resolve("index.html"), StandardCharsets.UTF_8);
        List<Row> rows = rows(html, run.path("holdSeconds"));
        String caption = caption(run);
        Files.writeString(
                out.resolve("load-figures.md"), markdown(report.get(), caption, rows), StandardCharsets.UTF_8);
        Path picture = out.resolve("load-p99.svg");
        Files.writeString(picture, P99Chart.svg(rows, caption), StandardCharsets.UTF_8);
        System.out.println(
                "LoadFigures: " + out.resolve("load-figures.md") + " and " + picture + " from " + report.get());
        if (args.length > 2 && args[2] != null && !args[2].isBlank()) {
            Path copy = Path.of(args[2]);
            Files.copy(picture, copy, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("LoadFigures: copied the picture to "
                    + copy.toAbsolutePath().normalize());
        }
    }

    /**
     * The report of the run that just ended: the gatling-maven-plugin lists the run directories it created in
     * {@code lastRun.txt}; a run that crashed before reporting lists none, and an older report is never taken for it.
     */
    static Optional<Path> newestReport(Path results) throws IOException {
        Path lastRun = results.resolve("lastRun.txt");
        if (!Files.isRegularFile(lastRun)) {
            return Optional.empty();
        }
        return Files.readAllLines(lastRun).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.contains(":"))
                .map(results::resolve)
                .filter(run -> Files.isRegularFile(run.resolve("index.html")))
                .findFirst();
    }

    /**
     * What the simulation wrote about its run ({@code load-run.json}): profile, start, commit, machine load, and the
     * hold of each level in seconds (throughput divides by it).
     */
    static JsonNode runInfo(Path out) throws IOException {
        Path info = out.resolve("load-run.json");
        return Files.isRegularFile(info) ? JSON.readTree(info.toFile()) : JSON.createObjectNode();
    }

    /**
     * Every request inside an "at N users" group, ordered by level then request name. The table has one {@code <tr>}
     * per group and request; a request's {@code data-parent} is its group's row id; the cells {@code col-2} … {@code
     * col-14} are total, OK, KO, % KO, count/s, min, p50, p75, p95, p99, max, mean, standard deviation.
     */
    public static List<Row> rows(String indexHtml, JsonNode holdSeconds) {
        Map<String, Integer> levelOfGroup = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        Matcher row = ROW.matcher(indexHtml);
        while (row.find()) {
            String id = row.group(1);
            String parent = row.group(2);
            String body = row.group(3);
            Matcher name = NAME.matcher(body);
            if (!name.find()) {
                continue;
            }
            String label = unescape(name.group(1).trim());
            if (id.startsWith("group_")) {
                Matcher level = LEVEL.matcher(label);
                if (level.matches()) {
                    levelOfGroup.put(id, Integer.parseInt(level.group(1)));
                }
            } else if (id.startsWith("req_") && parent != null && levelOfGroup.containsKey(parent)) {
                int users = levelOfGroup.get(parent);
                Map<Integer, String> cells = cells(body);
                long count = number(cells, 2);
                double hold = holdSeconds.path(String.valueOf(users)).asDouble(0);
                rows.add(new Row(
                        users,
                        label,
                        count,
                        number(cells, 4),
                        hold > 0 ? count / hold : Double.parseDouble(cells.getOrDefault(6, "0")),
                        number(cells, 8),
                        number(cells, 10),
                        number(cells, 11)));
            }
        }
        rows.sort(Comparator.comparingInt(Row::users).thenComparing(Row::request));
        return rows;
    }

    private static Map<Integer, String> cells(String rowBody) {
        Map<Integer, String> cells = new HashMap<>();
        Matcher cell = CELL.matcher(rowBody);
        while (cell.find()) {
            cells.put(Integer.parseInt(cell.group(1)), cell.group(2).trim().replace(",", ""));
        }
        return cells;
    }

    /** A cell's whole number; Gatling shows "-" where there is none. */
    private static long number(Map<Integer, String> cells, int column) {
        String value = cells.getOrDefault(column, "-");
        return value.matches("\\d+") ? Long.parseLong(value) : 0;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&amp;", "&");
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
                    "| %d | %s | %d | %.2f | %.2f %% | %d | %d | %d |%n",
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
}
