package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/** Guards that protect the registry and never wedge the sync; each test starts from the healthy feed. */
@QuarkusTest
class GuardsTest extends FromTheHealthyFeed {

    @Test
    void aDropJustUnderTheThresholdThenTheRecoveredFeedBothSync() {
        egen.faults().dropShare(0.095);
        JsonPath dropped = Runs.run("incremental");
        assertThat(dropped.getString("status")).as(dropped.prettify()).isEqualTo("succeeded");
        long missing = dropped.getLong("missing");
        assertThat(missing).isBetween((long) (N * 0.08), (long) (N * 0.10));

        egen.reset();
        JsonPath recovered = Runs.run("incremental");

        assertThat(recovered.getString("status")).as(recovered.prettify()).isEqualTo("succeeded");
        assertThat(recovered.getLong("restored")).isEqualTo(missing);
        assertThat(Database.count("registry.devices", "data_status <> 'active'"))
                .isZero();
    }

    @Test
    void twentyPercentReinsertedUnderNewSerialsIsAborted() {
        String before = Registry.fingerprint();
        egen.faults().extraShare(0.20);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("aborted");
        assertThat(run.getString("error")).contains("new").contains("more than 10.0 %");
        assertThat(Registry.fingerprint()).isEqualTo(before);
        assertThat(Database.count("registry.devices", "equipment_serial like '%-R'"))
                .isZero();
    }

    @Test
    void aMasterOverridesOneGuardForOneRunAndItIsRecorded() {
        egen.faults().changeShare(0.15);
        JsonPath stopped = Runs.run("incremental");
        assertThat(stopped.getString("status")).isEqualTo("aborted");

        String id = given().auth()
                .oauth2(Runs.MASTER)
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "incremental", "overrideGuards", List.of("too-many-changes")))
                .post("/api/sync/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath landed = Runs.await(id);

        assertThat(landed.getString("status")).isEqualTo("succeeded");
        assertThat(landed.getLong("updated")).isGreaterThan((long) (N * 0.10));
        assertThat(landed.getList("overriddenGuards")).containsExactly("too-many-changes");
        List<KafkaEvents.Event> events =
                KafkaEvents.awaitRecords(Topics.SYNC_RUNS, e -> id.equals(e.key()), 1, Duration.ofSeconds(30));
        assertThat(JsonPath.from(events.get(0).value()).getList("overriddenGuards"))
                .containsExactly("too-many-changes");

        // for one run only: the next large change is stopped again
        egen.faults().changeShare(0).dropShare(0.15);
        JsonPath next = Runs.run("incremental");
        assertThat(next.getString("status")).isEqualTo("aborted");
        assertThat(next.getList("overriddenGuards")).isEmpty();
    }

    @Test
    void onlyAMasterOverridesAndOnlyAGuardThatExists() {
        given().auth()
                .oauth2(Tokens.service("sync-test-service"))
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "incremental", "overrideGuards", List.of("too-many-changes")))
                .post("/api/sync/runs")
                .then()
                .statusCode(403);
        for (String name : List.of("too-many-change", "feed-changed", "")) {
            given().auth()
                    .oauth2(Runs.MASTER)
                    .contentType(ContentType.JSON)
                    .body(Map.of("mode", "incremental", "overrideGuards", List.of(name)))
                    .post("/api/sync/runs")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("validation"));
        }
        assertThat(Database.count("registry.sync_runs", "status = 'running'")).isZero();
    }

    @Test
    void aTotalCountThatChangesWhilePagingAbortsTheRun() {
        String before = Registry.fingerprint();
        egen.faults().totalCountDriftFromPage(3);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("aborted");
        assertThat(run.getString("error")).contains("totalCount changed");
        assertThat(Registry.fingerprint()).isEqualTo(before);
        assertThat(metrics()).contains("egen_sync_errors_total{type=\"guard_feed_changed\"}");
    }

    @Test
    void anImportPassesTheChangeGuard() {
        StringBuilder csv = new StringBuilder("장비연번,시_도,구_군,설치기관명\n");
        for (int i = 0; i < N / 5; i++) {
            csv.append("GUARD-IMP-").append(i).append(",서울특별시,종로구,종로구청\n");
        }
        JsonPath run = Runs.imported("text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(run.getString("status")).isEqualTo("aborted");
        assertThat(run.getString("error")).contains(N / 5 + " new");
        assertThat(Database.count("registry.devices", "equipment_serial like 'GUARD-IMP-%'"))
                .isZero();
    }

    @Test
    void anUnstableFeedIsNotBelieved() {
        String before = Registry.fingerprint();
        // from page 3 on, the feed is served 7 positions later under the same totalCount
        egen.faults().orderShiftFromPage(3, 7);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("inconsistent feed");
        assertThat(run.getLong("missing")).isZero();
        assertThat(Registry.fingerprint()).isEqualTo(before);
        assertThat(Database.count("registry.devices", "data_status <> 'active'"))
                .isZero();
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
