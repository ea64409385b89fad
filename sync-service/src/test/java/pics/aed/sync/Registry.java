package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import pics.aed.testsupport.Database;

/**
 * Test fixtures of the registry, so that each test starts from a state it names instead of from what the tests
 * before it left: empty, or exactly the simulator's healthy feed.
 */
final class Registry {

    /** The {@link #fingerprint()} right after the last full run of the healthy feed; null before the first. */
    private static volatile String landed;

    private Registry() {}

    /** No device at all (the next feed run is a first sync, with nothing to guard). */
    static void empty() {
        Database.execute("delete from registry.devices");
    }

    /**
     * The simulator's feed, healthy, landed by a full run into an empty registry. The run is skipped when the registry
     * is still exactly what the last one left (every row's every column: nothing has written to it since).
     */
    static void syncedFromFeed() {
        if (landed != null && landed.equals(fingerprint())) {
            return;
        }
        EgenSimulatorResource.simulator().reset();
        CircuitBreakerMaintenance.get().resetAll();
        empty();
        JsonPath run = Runs.run("full");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("succeeded");
        assertThat(run.getLong("inserted")).isEqualTo(EgenSimulatorResource.DEVICES);
        landed = fingerprint();
    }

    /** Waits until the relay has published every event written so far (the outbox keeps only unpublished ones). */
    static void awaitPublished() {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(() -> Database.count("registry.outbox", "parked_at is null") == 0);
    }

    /** Every device row as text: equal before and after means the registry did not change at all. */
    static String fingerprint() {
        return Database.scalar(
                "select md5(string_agg(d::text, '|' order by equipment_serial)) from registry.devices d");
    }
}
