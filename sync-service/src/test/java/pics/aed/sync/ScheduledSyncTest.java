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
 * The cron schedule from configuration starts runs by itself, marked {@code trigger: schedule}, one at a time. Its own
 * profile restarts the service with an incremental run every two seconds and the run history emptied.
 */
@QuarkusTest
@TestProfile(ScheduledSyncTest.EveryTwoSeconds.class)
class ScheduledSyncTest {

    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aedpics.sync.schedule.incremental", "0/2 * * * * ?");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(
                    new TestResourceEntry(TruncatedBeforeStart.class, Map.of("tables", "sync_rejects, sync_runs")));
        }
    }

    @Test
    void theScheduleStartsIncrementalRunsOneAtATime() {
        List<JsonPath> runs = Runs.awaitFinished(3);

        for (JsonPath run : runs) {
            assertThat(run.getString("mode")).isEqualTo("incremental");
            assertThat(run.getString("trigger")).isEqualTo("schedule");
            assertThat(run.getString("status")).isEqualTo("succeeded");
            assertThat(run.getLong("fetched")).isEqualTo(EgenSimulatorResource.DEVICES);
            assertThat(run.getLong("inserted")
                            + run.getLong("updated")
                            + run.getLong("unchanged")
                            + run.getLong("rejected"))
                    .isEqualTo(run.getLong("fetched"));
        }
        // one run at a time: each started after the one before it finished
        Long overlapping = Database.scalar("""
                select count(*) from registry.sync_runs a join registry.sync_runs b on a.id <> b.id
                 where a.started_at <= b.started_at and b.started_at < coalesce(a.finished_at, 'infinity')""");
        assertThat(overlapping).isZero();
    }
}
