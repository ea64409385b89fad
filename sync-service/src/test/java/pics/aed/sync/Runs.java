package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import pics.aed.events.Topics;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/** Starting runs over HTTP and waiting for them to finish. */
final class Runs {

    static final String MASTER = Tokens.master("sync-test-master");

    private Runs() {}

    /** Starts a feed run (expects 202) and waits until it is no longer running; returns the finished run. */
    static JsonPath run(String mode) {
        return await(start(mode));
    }

    /** Starts a feed run (expects 202); returns its id. */
    static String start(String mode) {
        return given().auth()
                .oauth2(MASTER)
                .contentType(ContentType.JSON)
                .body(Map.of("mode", mode))
                .post("/api/sync/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** Imports a registration export as MASTER (expects 202) and waits until the run is no longer running. */
    static JsonPath imported(String contentType, byte[] body) {
        return await(given().auth()
                .oauth2(MASTER)
                .contentType(contentType)
                .body(body)
                .post("/api/sync/imports")
                .then()
                .statusCode(202)
                .extract()
                .path("id"));
    }

    /** The run's event on aed.sync-runs.v1, once, of the type its status names. */
    static void assertPublished(JsonPath run) {
        String id = run.getString("id");
        KafkaEvents.awaitRecords(Topics.SYNC_RUNS, e -> id.equals(e.key()), 1, Duration.ofSeconds(30));
        assertThat(KafkaEvents.readAll(Topics.SYNC_RUNS, id))
                .singleElement()
                .satisfies(e -> assertThat(e.headers())
                        .containsEntry("ce_type", "pics.aed.sync-run." + run.getString("status")));
    }

    static JsonPath await(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath run = given().auth()
                    .oauth2(MASTER)
                    .get("/api/sync/runs/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (!"running".equals(run.getString("status"))) {
                return run;
            }
            sleep(100);
        }
        throw new AssertionError("run " + id + " did not finish in time");
    }

    /**
     * The oldest {@code count} finished runs, oldest first, once that many have finished (runs nobody started over
     * HTTP: at startup, by the schedule).
     */
    static java.util.List<JsonPath> awaitFinished(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            java.util.List<String> finished = pics.aed.testsupport.Database.rows(
                            "select id::text from registry.sync_runs where status <> 'running' order by started_at")
                    .stream()
                    .map(row -> (String) row.get("id"))
                    .toList();
            if (finished.size() >= count) {
                return finished.subList(0, count).stream()
                        .map(id -> given().auth()
                                .oauth2(MASTER)
                                .get("/api/sync/runs/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath())
                        .toList();
            }
            sleep(200);
        }
        throw new AssertionError("fewer than " + count + " runs finished within a minute");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
