package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import pics.aed.testsupport.Database;

/**
 * Test fixtures of the registry, so that each test class starts from a state it names instead of from what the
 * classes before it left: empty, or exactly the simulator's healthy feed.
 */
final class Registry {

    private Registry() {}

    /** No device at all (the next feed run is a first sync, with nothing to guard). */
    static void empty() {
        Database.execute("delete from registry.devices");
    }

    /** The simulator's feed, healthy, landed by a full run into an empty registry. */
    static void syncedFromFeed() {
        EgenSimulatorResource.simulator().reset();
        CircuitBreakerMaintenance.get().resetAll();
        empty();
        JsonPath run = Runs.run("full");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("succeeded");
        assertThat(run.getLong("inserted")).isEqualTo(EgenSimulatorResource.DEVICES);
    }

    /** Test classes whose registry has been landed from the feed. */
    private static final java.util.Set<Class<?>> LANDED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * {@link #syncedFromFeed()} once per test class, from its first {@code @BeforeEach} (a static {@code @BeforeAll}
     * of a Quarkus test runs before the application listens).
     */
    static void syncedFromFeedOnceFor(Class<?> testClass) {
        if (LANDED.add(testClass)) {
            syncedFromFeed();
        }
    }

    /** Every device row as text: equal before and after means the registry did not change at all. */
    static String fingerprint() {
        return Database.scalar(
                "select md5(string_agg(d::text, '|' order by equipment_serial)) from registry.devices d");
    }
}
