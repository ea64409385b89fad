package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/**
 * One run at a time, even when the cluster lock is lost mid-run (a connection reset, idle_session_timeout, a
 * transaction-mode pooler): the run row is the lease its apply checks, and staging is keyed by run, so a second run
 * neither loses its pages to the first nor lets the first commit over it.
 */
@QuarkusTest
class OneRunAtATimeTest extends FromTheHealthyFeed {

    @Test
    void aRunThatLostItsLockCommitsNothingAndTheRunThatTookOverLands() {
        egen.faults().changeShare(0.05).slowPages(700);
        String first = Runs.start("full");
        awaitFeedRequests(3);
        // the connection holding the cluster lock dies; the run goes on reading, unaware
        long terminated = Database.<Long>scalar("""
                select count(pg_terminate_backend(pid)) from pg_locks
                 where locktype = 'advisory' and granted and objsubid = 1
                   and objid::bigint = (hashtext('aedpics.registry.job.registry-sync')::bigint & 4294967295)""");
        assertThat(terminated).isEqualTo(1);
        egen.faults().slowPages(0);

        String second = Runs.start("full"); // takes the lock; finds the first run orphaned and marks it failed
        JsonPath taken = Runs.await(second);
        JsonPath lost = awaitFinished(first);

        assertThat(taken.getString("status")).as(taken.prettify()).isEqualTo("succeeded");
        assertThat(taken.getLong("updated")).isGreaterThan(0);
        assertThat(lost.getString("status")).isEqualTo("failed");
        assertThat(lost.getString("error")).contains("interrupted");
        assertThat(lost.getLong("updated")).isZero();
        KafkaEvents.awaitRecords(Topics.SYNC_RUNS, e -> second.equals(e.key()), 1, Duration.ofSeconds(30));
        assertThat(KafkaEvents.readAll(Topics.SYNC_RUNS, first)).isEmpty();
        // every changed device was written once, by the second run: one version up from the first sync
        assertThat(Database.count("registry.devices", "version > 2")).isZero();
        assertThat(Database.count("registry.devices", "version = 2")).isEqualTo(taken.getLong("updated"));
        assertThat(Database.count("registry.run_staging")).isZero();
    }

    private static JsonPath awaitFinished(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            // the first run's row says failed already; wait until its thread has given up too
            if (Database.count("registry.run_staging", "run_id = ?::uuid", id) == 0
                    && !"running"
                            .equals(Database.scalar("select status from registry.sync_runs where id = ?::uuid", id))
                    && egen.feedRequests() >= 2L * N / EgenSimulatorResource.PAGE_SIZE) {
                Runs.sleep(500);
                return Runs.await(id);
            }
            Runs.sleep(100);
        }
        throw new AssertionError("run " + id + " did not end");
    }

    private static void awaitFeedRequests(long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (egen.feedRequests() < count) {
            assertThat(System.nanoTime()).as("feed requests").isLessThan(deadline);
            Runs.sleep(20);
        }
    }
}
