package pics.aed.sync.domain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pics.aed.egen.EgenSimulator;
import pics.aed.sync.EgenSimulatorResource;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** data.go.kr's daily quota (code 22): one request, no retry, and the schedule waits for midnight KST. */
@QuarkusTest
class SyncScheduleQuotaTest {

    static final EgenSimulator egen = EgenSimulatorResource.simulator();
    static final String MASTER = Tokens.master("quota-test-master");

    @Inject
    SyncSchedule schedule;

    @AfterEach
    void healthyAgain() {
        egen.reset();
        CircuitBreakerMaintenance.get().resetAll();
        // the latest feed run of the day must not be a quota failure for the tests after this one
        awaitFinished(start());
    }

    @Test
    void aRunThatHitTheQuotaFailsAtOnceAndTheNextScheduledRunWaits() {
        egen.faults().errorEnvelope(22);
        // the simulator is shared by the module's tests: count this test's requests only
        long requestsBefore = egen.feedRequests();
        String id = start();
        Map<String, Object> run = awaitFinished(id);
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat((String) run.get("error")).contains("code 22").contains("midnight KST");
        assertThat(egen.feedRequests() - requestsBefore).isEqualTo(1);
        long runs = Database.count("registry.sync_runs");

        schedule.incremental().await().atMost(Duration.ofSeconds(30));

        assertThat(Database.count("registry.sync_runs")).isEqualTo(runs);
        assertThat(egen.feedRequests() - requestsBefore).isEqualTo(1);
    }

    private static String start() {
        return given().auth()
                .oauth2(MASTER)
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "incremental"))
                .post("/api/sync/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    private static Map<String, Object> awaitFinished(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> run = Database.rows(
                            "select status, error from registry.sync_runs where id = ?::uuid", id)
                    .get(0);
            if (!"running".equals(run.get("status"))) {
                return run;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + id + " did not finish");
    }
}
