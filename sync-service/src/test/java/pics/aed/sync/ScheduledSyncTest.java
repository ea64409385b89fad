package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import pics.aed.testsupport.Database;

/**
 * The runs nobody asks for: a service that starts on an empty registry fills it with a full run, and the cron
 * schedule from configuration starts incremental runs, marked {@code trigger: schedule}. Its own profile restarts the
 * service with an emptied registry and an incremental run every two seconds.
 */
@QuarkusTest
@TestProfile(ScheduledSyncTest.EveryTwoSeconds.class)
class ScheduledSyncTest {

    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aedpics.sync.full-sync-on-empty-registry", "true",
                    "aedpics.sync.schedule.incremental", "0/2 * * * * ?",
                    "aedpics.sync.schedule.full", "off");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmptyRegistry.class));
        }
    }

    /** Runs before the service starts: whatever earlier test classes synced is gone (the schema may not exist yet). */
    public static class EmptyRegistry implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Database.execute("""
                    DO $$ BEGIN
                        IF to_regclass('registry.devices') IS NOT NULL THEN
                            TRUNCATE registry.devices, registry.sync_rejects, registry.sync_runs;
                        END IF;
                    END $$""");
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void anEmptyRegistryIsFilledAtStartAndTheScheduleRunsIncrementalSyncs() {
        JsonPath first = awaitRuns(1).get(0);
        assertThat(first.getString("mode")).isEqualTo("full");
        assertThat(first.getString("trigger")).isEqualTo("schedule");
        assertThat(first.getString("status")).isEqualTo("succeeded");
        assertThat(first.getLong("inserted")).isEqualTo(EgenSimulatorResource.DEVICES);
        assertThat(Database.count("registry.devices")).isEqualTo(EgenSimulatorResource.DEVICES);

        List<JsonPath> later = awaitRuns(3).subList(1, 3);
        for (JsonPath run : later) {
            assertThat(run.getString("mode")).isEqualTo("incremental");
            assertThat(run.getString("trigger")).isEqualTo("schedule");
            assertThat(run.getString("status")).isEqualTo("succeeded");
            assertThat(run.getLong("unchanged")).isEqualTo(EgenSimulatorResource.DEVICES);
        }
        // one run at a time: each started after the one before it finished
        Long overlapping = Database.scalar("""
                select count(*) from registry.sync_runs a join registry.sync_runs b on a.id <> b.id
                 where a.started_at <= b.started_at and b.started_at < coalesce(a.finished_at, 'infinity')""");
        assertThat(overlapping).isZero();
    }

    /** The oldest {@code count} finished runs, oldest first, once that many have finished. */
    private static List<JsonPath> awaitRuns(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> finished = Database.rows("select id::text from registry.sync_runs where status <> 'running'"
                    + " order by started_at").stream().map(row -> (String) row.get("id")).toList();
            if (finished.size() >= count) {
                return finished.subList(0, count).stream().map(id -> given().auth().oauth2(Runs.MASTER)
                        .get("/api/sync/runs/" + id).then().statusCode(200).extract().jsonPath()).toList();
            }
            Runs.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " runs finished within a minute");
    }
}
