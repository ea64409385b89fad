package pics.aed.sync.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import pics.aed.sync.domain.SyncRun.Mode;

/**
 * The SQL of a run's apply transaction. It begins once the source is read and the guards have passed, so it waits on
 * nothing but the database (decision 0008): it writes the run's staged records ({@link RunStaging}) into the registry,
 * advances the missing lifecycle, and commits. The run row is its lease: {@link #holdLease} locks it and refuses a run
 * that another replica has already declared dead.
 */
@Singleton
public class RegistryWriter {

    /** The run's lease: its row, locked for the transaction, still running (nobody took the run over). */
    private static final String HOLD_LEASE = "SELECT status FROM sync_runs WHERE id = $1 FOR UPDATE";

    private static final String ALREADY_SUSPECTED_ABSENT = """
            SELECT count(*) AS n FROM devices d
             WHERE d.data_status = 'deletion_suspected'
               AND NOT EXISTS (SELECT 1 FROM run_staging s WHERE s.run_id = $1
                                                             AND s.equipment_serial = d.equipment_serial)""";

    /**
     * New devices: updated_at is the run's start, as the snapshot built while staging says (there is no apply
     * transaction yet then); the version is the column's default, {@code DeviceSnapshot.FIRST_VERSION}.
     */
    private static final String INSERT_DEVICES = """
            INSERT INTO devices (equipment_serial, management_number, sido, gugun, health_center, institution, address,
                                 position, latitude, longitude, manufacturer, model, manufacturing_date,
                                 battery_expiry_date, pad_expiry_date, operation_status, last_inspection_date,
                                 opening_hours, clerk_tel, manager, manager_tel, zipcode, feed_hash, data_status,
                                 missing_runs, first_seen_at, last_seen_at, updated_at)
            SELECT equipment_serial, management_number, sido, gugun, health_center, institution, address, position,
                   latitude, longitude, manufacturer, model, manufacturing_date, battery_expiry_date, pad_expiry_date,
                   operation_status, last_inspection_date, opening_hours, clerk_tel, manager, manager_tel, zipcode,
                   feed_hash, 'active', 0, $1, $2, $1
              FROM run_staging WHERE run_id = $3 AND action = 'insert'""";

    private static final String UPDATE_FROM_FEED = """
            UPDATE devices d
               SET sido = s.sido, gugun = s.gugun, institution = s.institution, address = s.address,
                   position = s.position, latitude = s.latitude, longitude = s.longitude,
                   manufacturer = s.manufacturer, model = s.model, opening_hours = s.opening_hours,
                   clerk_tel = s.clerk_tel, manager = s.manager, manager_tel = s.manager_tel, zipcode = s.zipcode,
                   feed_hash = s.feed_hash, data_status = 'active', missing_runs = 0, last_seen_at = $1,
                   updated_at = now(), version = d.version + 1
              FROM run_staging s
             WHERE s.run_id = $2 AND s.action IN ('update', 'restore') AND s.equipment_serial = d.equipment_serial""";

    private static final String UPDATE_FROM_IMPORT = """
            UPDATE devices d
               SET management_number = COALESCE(s.management_number, d.management_number),
                   health_center = COALESCE(s.health_center, d.health_center),
                   manufacturing_date = COALESCE(s.manufacturing_date, d.manufacturing_date),
                   battery_expiry_date = COALESCE(s.battery_expiry_date, d.battery_expiry_date),
                   pad_expiry_date = COALESCE(s.pad_expiry_date, d.pad_expiry_date),
                   operation_status = COALESCE(s.operation_status, d.operation_status),
                   last_inspection_date = GREATEST(s.last_inspection_date, d.last_inspection_date),
                   updated_at = now(), version = d.version + 1
              FROM run_staging s
             WHERE s.run_id = $1 AND s.action = 'update' AND s.equipment_serial = d.equipment_serial""";

    /** Only the stored hash differs from the feed's (an older definition): rewritten silently, no event. */
    private static final String REHASH = """
            UPDATE devices d SET feed_hash = s.feed_hash
              FROM run_staging s
             WHERE s.run_id = $1 AND s.action = 'rehash' AND s.equipment_serial = d.equipment_serial""";

    /**
     * Absent devices: one more missing run each; active → missing, and → deletion_suspected at the threshold. A status
     * change (and only that: it is the only change a snapshot shows) touches updated_at, raises the version and
     * returns {@code changed}, whatever the missing-run count: after the threshold is lowered, a device already
     * missing for more runs than it turns deletion_suspected at its next absence and is published like any other.
     */
    private static final String MARK_ABSENT = """
            UPDATE devices d
               SET missing_runs = d.missing_runs + 1,
                   data_status = n.status,
                   updated_at = CASE WHEN n.status <> d.data_status THEN now() ELSE d.updated_at END,
                   version = CASE WHEN n.status <> d.data_status THEN d.version + 1 ELSE d.version END
              FROM (SELECT d.equipment_serial, d.data_status AS previous,
                           CASE WHEN d.missing_runs + 1 >= $2 THEN 'deletion_suspected' ELSE 'missing' END AS status
                    """ + RunStaging.absent("$1") + """
                   ) n
             WHERE n.equipment_serial = d.equipment_serial
            RETURNING d.data_status, d.equipment_serial, n.status <> n.previous AS changed""";

    /**
     * Snapshot rows (event_key, data) of the devices the run wrote, in serial order (see Outbox.appendQueried): a new
     * device's as the run built it while staging, an updated or restored one's from its row as just written.
     */
    public static final String WRITTEN_SNAPSHOTS = """
            SELECT n.equipment_serial AS event_key, n.data FROM run_snapshots n WHERE n.run_id = $1
            UNION ALL
            SELECT d.equipment_serial, """ + DeviceColumns.SNAPSHOT_JSON + """

              FROM run_staging s JOIN devices d ON d.equipment_serial = s.equipment_serial
             WHERE s.run_id = $1 AND s.action IN ('update', 'restore')
             ORDER BY event_key""";

    /** Snapshot rows of the devices whose serials are $1. */
    public static final String SNAPSHOTS_BY_SERIAL =
            "SELECT d.equipment_serial AS event_key, " + DeviceColumns.SNAPSHOT_JSON + """
             AS data
              FROM devices d WHERE d.equipment_serial = ANY($1) ORDER BY d.equipment_serial""";

    /** The run's lease is gone: another replica declared it dead and may be running its own. */
    public static final class LeaseLost extends RuntimeException {
        LeaseLost(UUID runId, String status) {
            super(
                    "run " + runId + " is " + status + " in sync_runs: another replica took the sync over"
                            + " (the cluster lock was lost); this run commits nothing",
                    null,
                    false,
                    false);
        }
    }

    /** Locks the run's row for the transaction; fails with {@link LeaseLost} unless it is still running. */
    public Uni<Void> holdLease(SqlConnection tx, UUID runId) {
        return tx.preparedQuery(HOLD_LEASE).execute(Tuple.of(runId)).map(rows -> {
            String status = rows.iterator().hasNext() ? rows.iterator().next().getString("status") : "gone";
            if (!"running".equals(status)) {
                throw new LeaseLost(runId, status);
            }
            return null;
        });
    }

    /** Inserts the run's new devices; an import does not count as the feed having seen them. */
    public Uni<Integer> insert(SqlConnection tx, UUID runId, Mode mode, OffsetDateTime runStartedAt) {
        return tx.preparedQuery(INSERT_DEVICES)
                .execute(Tuple.of(runStartedAt, mode.readsFeed() ? runStartedAt : null, runId))
                .map(rows -> rows.rowCount());
    }

    /** Updates (and restores) the run's changed devices. */
    public Uni<Integer> update(SqlConnection tx, UUID runId, Mode mode, OffsetDateTime runStartedAt) {
        return (mode.readsFeed()
                        ? tx.preparedQuery(UPDATE_FROM_FEED).execute(Tuple.of(runStartedAt, runId))
                        : tx.preparedQuery(UPDATE_FROM_IMPORT).execute(Tuple.of(runId)))
                .map(rows -> rows.rowCount());
    }

    /** Rewrites the stored hash of the run's devices whose content matched under a different hash. */
    public Uni<Integer> rehash(SqlConnection tx, UUID runId) {
        return tx.preparedQuery(REHASH).execute(Tuple.of(runId)).map(rows -> rows.rowCount());
    }

    public record MarkedAbsent(long missing, long deletionSuspected, List<String> statusChanged) {}

    public Uni<MarkedAbsent> markAbsent(SqlConnection tx, UUID runId, int missingRunsBeforeSuspected) {
        return tx.preparedQuery(MARK_ABSENT)
                .execute(Tuple.of(runId, missingRunsBeforeSuspected))
                .map(rows -> {
                    long missing = 0;
                    long suspected = 0;
                    List<String> changed = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getString("data_status").equals("deletion_suspected")) {
                            suspected++;
                        } else {
                            missing++;
                        }
                        if (row.getBoolean("changed")) {
                            changed.add(row.getString("equipment_serial"));
                        }
                    }
                    return new MarkedAbsent(missing, suspected, changed);
                });
    }

    /** Absent devices that were deletion_suspected already (they stay so and count in the run's figure). */
    public Uni<Long> alreadySuspectedAbsent(SqlConnection tx, UUID runId) {
        return tx.preparedQuery(ALREADY_SUSPECTED_ABSENT)
                .execute(Tuple.of(runId))
                .map(rows -> rows.iterator().next().getLong("n"));
    }
}
