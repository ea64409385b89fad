package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;

/**
 * A service that starts on an empty registry fills it with a full run nobody asked for (the local stack's first start):
 * its own profile restarts the service with the registry emptied and the cron schedules off.
 */
@QuarkusTest
@TestProfile(StartupSyncTest.OnEmptyRegistry.class)
class StartupSyncTest {

    public static class OnEmptyRegistry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aedpics.sync.full-sync-on-empty-registry", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(
                    TruncatedBeforeStart.class, Map.of("tables", "devices, sync_rejects, sync_runs")));
        }
    }

    @Test
    void anEmptyRegistryIsFilledByAFullRunAtStart() {
        JsonPath first = Runs.awaitFinished(1).get(0);

        assertThat(first.getString("mode")).isEqualTo("full");
        assertThat(first.getString("trigger")).isEqualTo("schedule");
        assertThat(first.getString("status")).isEqualTo("succeeded");
        assertThat(first.getLong("inserted")).isEqualTo(EgenSimulatorResource.DEVICES);
        assertThat(Database.count("registry.devices")).isEqualTo(EgenSimulatorResource.DEVICES);
        Runs.sleep(1000);
        assertThat(Database.count("registry.sync_runs")).isEqualTo(1); // once, not at every check
    }
}
