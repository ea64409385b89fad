package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/**
 * A run holds no transaction and no lock while it waits on e-gen; its apply transaction is bounded by database work.
 * The proof a user feels: an inspection completed while a slow full sync downloads lands before the sync ends.
 */
@QuarkusTest
class NoTransactionOverNetworkTest extends FromTheHealthyFeed {

    /** Sessions of this database that hold a row-write lock on registry.devices. */
    static long registryWriters() {
        return Database.<Long>scalar("""
                select count(*) from pg_locks l join pg_class c on c.oid = l.relation
                 join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'registry' and c.relname = 'devices' and l.mode = 'RowExclusiveLock'
                   and l.pid <> pg_backend_pid()""");
    }

    /**
     * Sessions idle inside an open transaction whose last statement was a sync's (the registry, its staging): the
     * outbox relay and the consumers of this and other services have transactions of their own.
     */
    static long idleInTransaction() {
        return Database.<Long>scalar("""
                select count(*) from pg_stat_activity
                 where datname = current_database() and state like 'idle in transaction%'
                   and pid <> pg_backend_pid()
                   and query ~* '(registry\\.)?(devices|run_staging|run_snapshots|page_input)\\M'""");
    }

    @Test
    void anInspectionCompletedDuringASlowFullSyncLandsBeforeTheSyncEnds() {
        Dataset first = new Dataset(egen.dataset().device(0).serialSeq());
        // the run will rewrite the device (e-gen edited it), and every page takes 1.5 s to arrive
        egen.faults().changeDevice(0).slowPages(1500);
        String runId = Runs.start("full");
        awaitFeedRequests(3); // page 1 staged, pages 2 and 3 asked for
        assertThat(registryWriters()).as("row writers while the feed is read").isZero();
        assertThat(idleInTransaction())
                .as("open transactions while the feed is read")
                .isZero();

        String eventId = publishCompletedSession(first.serial());
        String runStatusWhenApplied = awaitInspectionApplied(first.serial());

        assertThat(runStatusWhenApplied)
                .as("the sync was still reading when the inspection landed")
                .isEqualTo("running");
        JsonPath run = Runs.await(runId);
        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getLong("updated")).isEqualTo(1);
        // both wrote the device: the feed's edit and the inspection's date are there, two versions later
        Map<String, Object> row = Database.rows(
                        "select last_inspection_date::text as l, position, version from registry.devices"
                                + " where equipment_serial = ?",
                        first.serial())
                .get(0);
        assertThat(row.get("l")).isEqualTo("2026-11-02");
        assertThat((String) row.get("position")).endsWith("(이전 설치)");
        assertThat(row.get("version")).isEqualTo(3L);
        assertThat(Database.count("registry.processed_events", "event_id = ?", eventId))
                .isEqualTo(1);
    }

    private record Dataset(String serial) {}

    private static void awaitFeedRequests(long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (egen.feedRequests() < count) {
            assertThat(System.nanoTime()).as("feed requests").isLessThan(deadline);
            Runs.sleep(20);
        }
    }

    /** Waits until the registry has the inspection; returns the status the sync run had at that moment. */
    private static String awaitInspectionApplied(String serial) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> row = Database.rows("""
                            select d.last_inspection_date::text as l,
                                   (select status from registry.sync_runs order by started_at desc limit 1) as run
                              from registry.devices d where d.equipment_serial = ?""", serial).get(0);
            if ("2026-11-02".equals(row.get("l"))) {
                return (String) row.get("run");
            }
            Runs.sleep(20);
        }
        throw new AssertionError("the inspection was not applied within a minute");
    }

    static String publishCompletedSession(String serial) {
        String eventId = UUID.randomUUID().toString();
        // 23:30 UTC on 1 Nov is 2 Nov in Korea
        String data = "{\"sessionId\":\"" + UUID.randomUUID() + "\",\"inspectionId\":\"i1\",\"equipmentSerial\":\""
                + serial + "\",\"inspectorId\":\"kim\",\"completedAt\":\"2026-11-01T23:30:00Z\","
                + "\"overallStatus\":\"pass\",\"batteryStatus\":\"good\",\"padStatus\":\"good\","
                + "\"operationStatus\":\"normal\",\"batteryExpiryDate\":null,\"padExpiryDate\":null}";
        Map<String, String> headers = Map.of(
                "ce_specversion", "1.0",
                "ce_id", eventId,
                "ce_source", "/aedpics/sessions-service",
                "ce_type", "pics.aed.session.completed",
                "ce_subject", serial,
                "ce_time", "2026-11-01T23:30:00Z");
        KafkaEvents.publish(Topics.SESSIONS, serial, data, headers);
        return eventId;
    }
}
