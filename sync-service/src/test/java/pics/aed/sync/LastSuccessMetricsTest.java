package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;

/**
 * The last-success gauges tell the truth: per mode (feed runs and imports apart), read from the database, so that a
 * run another replica finished shows on this one too.
 */
@QuarkusTest
class LastSuccessMetricsTest {

    @Test
    void anImportAnotherReplicaFinishedShowsHereAndLeavesTheFeedGaugesAlone() {
        String id = UUID.randomUUID().toString();
        OffsetDateTime finished = OffsetDateTime.now().plusDays(3).withNano(0);
        double fullBefore = gauge("full");
        Database.execute(
                "insert into registry.sync_runs (id, mode, trigger, status, started_at, finished_at)"
                        + " values (?::uuid, 'import', 'manual', 'succeeded', ?, ?)",
                id,
                finished.minusMinutes(1),
                finished);
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(gauge("import")).isEqualTo((double) finished.toEpochSecond()));
            assertThat(gauge("full")).isEqualTo(fullBefore);
        } finally {
            Database.execute("delete from registry.sync_runs where id = ?::uuid", id);
        }
    }

    static double gauge(String mode) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return FeedSyncTest.metric(metrics, "egen_sync_last_success_timestamp_seconds{mode=\"" + mode + "\"}");
    }
}
