package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.ChunkedRequests;
import pics.aed.testsupport.Database;

/**
 * The body limits of this service, for bodies sent chunked (no Content-Length) like sized ones: the JSON endpoints at
 * {@code aedpics.limits.max-body-size} (1 MiB) although Quarkus' own limit is raised to the upload limit here, the
 * imports at {@code aedpics.limits.max-upload-size} (40 MiB), their temporary file removed.
 */
@QuarkusTest
class BodyLimitsTest {

    static final String SERIAL = "CHUNKED-0001";

    @AfterEach
    void removeImportedDevice() {
        Database.execute("delete from registry.devices where equipment_serial = ?", SERIAL);
    }

    @Test
    void aChunkedJsonBodyOverOneMebibyteIs413AndStartsNoRun() {
        long runs = Database.count("registry.sync_runs");

        ChunkedRequests.Answer answer = ChunkedRequests.send(
                "POST",
                "/api/sync/runs",
                Runs.MASTER,
                "application/json",
                "{\"mode\": \"full\", \"note\": \"",
                2 * 1024 * 1024,
                "\"}");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body())
                .contains("https://aed.pics/problems/payload-too-large")
                .contains(String.valueOf(1024 * 1024));
        assertThat(Database.count("registry.sync_runs")).isEqualTo(runs);
    }

    @Test
    void aChunkedImportOverTheUploadLimitIs413StartsNoRunAndLeavesNoTemporaryFile() {
        long runs = Database.count("registry.sync_runs");
        Set<Path> before = importFiles();

        ChunkedRequests.Answer answer = ChunkedRequests.send(
                "POST", "/api/sync/imports", Runs.MASTER, "text/csv", "장비연번,시_도,구_군\n", 41L * 1024 * 1024, "\n");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body())
                .contains("https://aed.pics/problems/payload-too-large")
                .contains(String.valueOf(40 * 1024 * 1024));
        assertThat(Database.count("registry.sync_runs")).isEqualTo(runs);
        assertNoImportFileLeftSince(before);
    }

    @Test
    void aChunkedImportWithinTheLimitRunsAsUsual() {
        Set<Path> before = importFiles();

        ChunkedRequests.Answer answer = ChunkedRequests.send(
                "POST",
                "/api/sync/imports",
                Runs.MASTER,
                "text/csv",
                "장비연번,시_도,구_군,설치기관명\n" + SERIAL + ",서울특별시,종로구,청운효자동주민센터\n");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonPath run = Runs.await(JsonPath.from(answer.body()).getString("id"));
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("succeeded");
        assertThat(Database.<String>scalar(
                        "select institution from registry.devices where equipment_serial = ?", SERIAL))
                .isEqualTo("청운효자동주민센터");
        assertNoImportFileLeftSince(before);
    }

    /** Other JVMs on the machine may import at the same time: only what appeared since counts, and it must go. */
    private static void assertNoImportFileLeftSince(Set<Path> before) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(newFiles(before)).isEmpty());
    }

    private static Set<Path> newFiles(Set<Path> before) {
        Set<Path> now = new HashSet<>(importFiles());
        now.removeAll(before);
        return now;
    }

    /** The import's temporary files ({@code ImportsResource} names them so). */
    private static Set<Path> importFiles() {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("aedpics-import-"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
