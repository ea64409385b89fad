package pics.aed.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Tokens;

/** The summary counts what the other schemas hold, within the caller's scope, with the registry's sync health. */
@QuarkusTest
class SummaryTest {

    private static JsonPath summary(String token, String query) {
        return given().auth()
                .oauth2(token)
                .get("/api/monitoring/summary" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void countsTheScopeAndTheSyncHealth() {
        String gugun = "요약구-" + UUID.randomUUID().toString().substring(0, 6);
        try (Planted planted = new Planted()) {
            planted.registryDevice(Planted.serial(), Planted.SEOUL, gugun);
            planted.registryDevice(Planted.serial(), Planted.SEOUL, gugun);
            planted.syncRun("succeeded", 300, null);
            planted.syncRun("failed", 200, "e-gen answered 500");
            planted.syncRun("aborted", 100, "guard");

            JsonPath mine = summary(Tokens.localAdmin("la", Planted.SEOUL, gugun), "");
            assertThat(mine.getString("scope.sido")).isEqualTo(Planted.SEOUL);
            assertThat(mine.getString("scope.gugun")).isEqualTo(gugun);
            assertThat(mine.getInt("devicesByDataStatus.active")).isEqualTo(2);
            assertThat(mine.getInt("openSessions.active")).isZero();
            assertThat(mine.getInt("syncHealth.consecutiveFailures")).isEqualTo(2);
            assertThat(mine.getString("syncHealth.lastRun.status")).isEqualTo("aborted");
            assertThat(mine.getList("latestSyncRuns.status")).startsWith("aborted", "failed", "succeeded");
            assertThat(mine.getMap("schedulesByStatus")).containsKeys("scheduled", "in_progress", "completed");
            assertThat(mine.getMap("inspectionsByApprovalStatus")).containsKeys("submitted", "approved", "rejected");

            JsonPath national = summary(Tokens.master("m"), "");
            assertThat(national.getString("scope.sido")).isNull();
            assertThat(national.getInt("devicesByDataStatus.active")).isGreaterThanOrEqualTo(2);
        }
    }
}
