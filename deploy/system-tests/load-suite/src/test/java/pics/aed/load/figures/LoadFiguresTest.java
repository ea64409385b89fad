package pics.aed.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figures are read from a real Gatling 3.14.9 report's statistics table (a trimmed copy of one). */
class LoadFiguresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsEveryRequestOfEachLevelAndNothingOfTheOtherPhases() throws IOException {
        List<LoadFigures.Row> rows = LoadFigures.rows(report(), JSON.readTree("{\"12\": 40}"));

        assertThat(rows)
                .extracting(LoadFigures.Row::request)
                .containsExactly("find a device nearby", "save progress (replay)", "start session");
        LoadFigures.Row nearby = rows.get(0);
        assertThat(nearby.users()).isEqualTo(12);
        assertThat(nearby.count()).isEqualTo(21);
        assertThat(nearby.failed()).isZero();
        assertThat(nearby.p50()).isEqualTo(666);
        assertThat(nearby.p95()).isEqualTo(2274);
        assertThat(nearby.p99()).isEqualTo(3307);
        assertThat(nearby.throughput()).isEqualTo(21 / 40.0);
        LoadFigures.Row replays = rows.get(1);
        assertThat(replays.failed()).isEqualTo(9);
        assertThat(replays.errorPercent()).isEqualTo(100.0);
    }

    @Test
    void writesTheTableAndAPictureWithOneLinePerRequest(@TempDir Path out) throws IOException {
        Path results = out.resolve("gatling/platformloadsimulation-1");
        Files.createDirectories(results);
        Files.writeString(results.resolve("index.html"), report(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("gatling/lastRun.txt"), "platformloadsimulation-1\n", StandardCharsets.UTF_8);
        Files.writeString(
                out.resolve("load-run.json"),
                "{\"profile\": \"short\", \"commit\": \"abc1234\", \"holdSeconds\": {\"12\": 40}}",
                StandardCharsets.UTF_8);
        Path copy = out.resolve("copy.svg");

        LoadFigures.main(new String[] {out.resolve("gatling").toString(), out.toString(), copy.toString()});

        String table = Files.readString(out.resolve("load-figures.md"));
        assertThat(table)
                .contains("commit abc1234")
                .contains("| 12 | find a device nearby | 21 | 0.53 | 0.00 % | 666 | 2274 | 3307 |");
        String svg = Files.readString(out.resolve("load-p99.svg"));
        assertThat(svg).startsWith("<svg").contains("p99 response time against concurrent users");
        assertThat(svg.split("<polyline", -1)).hasSize(4);
        assertThat(Files.readString(copy)).isEqualTo(svg);
    }

    @Test
    void aRunThatCrashedBeforeItsReportGetsNoFiguresFromAnOlderReport(@TempDir Path out) throws IOException {
        Path older = out.resolve("gatling/platformloadsimulation-0");
        Files.createDirectories(older);
        Files.writeString(older.resolve("index.html"), report(), StandardCharsets.UTF_8);
        Files.writeString(
                out.resolve("gatling/lastRun.txt"),
                "ExecutionError: io.gatling.plugin.util.Fork$ForkException\n",
                StandardCharsets.UTF_8);

        LoadFigures.main(new String[] {out.resolve("gatling").toString(), out.toString()});

        assertThat(out.resolve("load-figures.md")).doesNotExist();
        assertThat(out.resolve("load-p99.svg")).doesNotExist();
    }

    @Test
    void niceCeilingRoundsUpToOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(P99Chart.niceCeiling(1)).isEqualTo(1);
        assertThat(P99Chart.niceCeiling(130)).isEqualTo(200);
        assertThat(P99Chart.niceCeiling(3307)).isEqualTo(5000);
        assertThat(P99Chart.niceCeiling(7000)).isEqualTo(10000);
    }

    private static String report() throws IOException {
        try (InputStream in = LoadFiguresTest.class.getResourceAsStream("/figures/index.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
