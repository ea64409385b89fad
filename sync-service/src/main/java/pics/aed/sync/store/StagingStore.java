package pics.aed.sync.store;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import pics.aed.sync.domain.DeviceRecord;
import pics.aed.sync.domain.SyncRun.Mode;

/**
 * The SQL of a run's staging: the run's valid records go into a temporary table on the run's own connection (never
 * the registry), the diff against the registry is computed there, and only if the guards pass does one transaction
 * apply it. A temporary table is private to its session and not WAL-logged: cheap to fill, invisible to every other
 * connection, gone with the session.
 */
@Singleton
public class StagingStore {

    /** What a run will do with a staged record. */
    public enum Action {
        insert, update, restore, unchanged
    }

    /** The fields the Open API supplies, in hash order: the content hash covers exactly these. */
    private static final String FEED_FIELDS = "sido, gugun, institution, address, position, latitude, longitude,"
            + " manufacturer, model, opening_hours, clerk_tel, manager, manager_tel, zipcode";

    private static String feedHash(String alias) {
        return "md5(ROW(" + Arrays.stream(FEED_FIELDS.split(",")).map(f -> alias + "." + f.strip())
                .reduce((a, b) -> a + ", " + b).orElseThrow() + ")::text)";
    }

    private static final String CREATE = """
            CREATE TEMP TABLE run_staging (
                seq integer NOT NULL, equipment_serial text NOT NULL, management_number text, sido text, gugun text,
                health_center text, institution text, address text, position text, latitude double precision,
                longitude double precision, manufacturer text, model text, manufacturing_date date,
                battery_expiry_date date, pad_expiry_date date, operation_status text, last_inspection_date date,
                opening_hours jsonb, clerk_tel text, manager text, manager_tel text, zipcode text, feed_hash text,
                action text NOT NULL)""";
    /**
     * A run drops its table when it ends; one left on a pooled connection by a run that could not is dropped here.
     * Checked rather than {@code IF EXISTS}: that NOTICE would reach the log as a warning on every run.
     */
    private static final String DROP = """
            DO $$ BEGIN
                IF to_regclass('pg_temp.run_staging') IS NOT NULL THEN DROP TABLE pg_temp.run_staging; END IF;
            END $$""";

    private static final String UNNEST = """
            FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::float8[], $11::float8[], $12::text[], $13::text[], $14::date[],
                        $15::date[], $16::date[], $17::text[], $18::date[], $19::text[], $20::text[], $21::text[],
                        $22::text[], $23::text[])
                 AS u(seq, equipment_serial, management_number, sido, gugun, health_center, institution, address,
                      position, latitude, longitude, manufacturer, model, manufacturing_date, battery_expiry_date,
                      pad_expiry_date, operation_status, last_inspection_date, opening_hours, clerk_tel, manager,
                      manager_tel, zipcode)""";

    /**
     * A feed run classifies each record as it stages it. Incremental trusts the stored hash; full recomputes the hash
     * from the stored columns, so a row changed behind the sync's back (or by an older hash definition) is rewritten.
     */
    private static String stageFeed(boolean verifyColumns) {
        String storedHash = verifyColumns ? feedHash("d") : "d.feed_hash";
        return """
                INSERT INTO run_staging
                SELECT w.*, CASE WHEN d.equipment_serial IS NULL THEN 'insert'
                                 WHEN d.data_status <> 'active' THEN 'restore'
                                 WHEN %s IS DISTINCT FROM w.feed_hash THEN 'update'
                                 ELSE 'unchanged' END
                  FROM (SELECT v.*, %s AS feed_hash
                          FROM (SELECT u.seq, u.equipment_serial, u.management_number, u.sido, u.gugun,
                                       u.health_center, u.institution, u.address, u.position, u.latitude, u.longitude,
                                       u.manufacturer, u.model, u.manufacturing_date, u.battery_expiry_date,
                                       u.pad_expiry_date, u.operation_status, u.last_inspection_date,
                                       u.opening_hours::jsonb AS opening_hours, u.clerk_tel, u.manager, u.manager_tel,
                                       u.zipcode
                                  %s) v) w
                  LEFT JOIN devices d ON d.equipment_serial = w.equipment_serial""".formatted(storedHash,
                feedHash("v"), UNNEST);
    }

    private static final String STAGE_FULL = stageFeed(true);
    private static final String STAGE_INCREMENTAL = stageFeed(false);

    /** The registration export fills the fields the Open API lacks; an empty cell never blanks a stored value. */
    private static final String IMPORT_CHANGES = """
            COALESCE(v.management_number, d.management_number) IS DISTINCT FROM d.management_number
            OR COALESCE(v.health_center, d.health_center) IS DISTINCT FROM d.health_center
            OR COALESCE(v.manufacturing_date, d.manufacturing_date) IS DISTINCT FROM d.manufacturing_date
            OR COALESCE(v.battery_expiry_date, d.battery_expiry_date) IS DISTINCT FROM d.battery_expiry_date
            OR COALESCE(v.pad_expiry_date, d.pad_expiry_date) IS DISTINCT FROM d.pad_expiry_date
            OR COALESCE(v.operation_status, d.operation_status) IS DISTINCT FROM d.operation_status
            OR GREATEST(v.last_inspection_date, d.last_inspection_date) IS DISTINCT FROM d.last_inspection_date""";

    private static final String STAGE_IMPORT = """
            INSERT INTO run_staging
            SELECT v.*, NULL, CASE WHEN d.equipment_serial IS NULL THEN 'insert'
                                   WHEN %s THEN 'update'
                                   ELSE 'unchanged' END
              FROM (SELECT u.seq, u.equipment_serial, u.management_number, u.sido, u.gugun, u.health_center,
                           u.institution, u.address, u.position, u.latitude, u.longitude, u.manufacturer, u.model,
                           u.manufacturing_date, u.battery_expiry_date, u.pad_expiry_date, u.operation_status,
                           u.last_inspection_date, u.opening_hours::jsonb, u.clerk_tel, u.manager, u.manager_tel,
                           u.zipcode
                      %s) v
              LEFT JOIN devices d ON d.equipment_serial = v.equipment_serial""".formatted(IMPORT_CHANGES, UNNEST);

    private static final String INDEX = "CREATE INDEX run_staging_serial_idx ON run_staging (equipment_serial)";
    /** Only the columns the diff's joins and filters use: analysing all 25 took half a second on a full feed. */
    private static final String ANALYZE = "ANALYZE run_staging (equipment_serial, management_number, action, seq)";

    /** Stage 3 (database): a management number another device holds, or that an earlier record of this run took. */
    private static final String DATABASE_CONFLICTS = """
            DELETE FROM run_staging s
             WHERE s.management_number IS NOT NULL
               AND (EXISTS (SELECT 1 FROM devices d WHERE d.management_number = s.management_number
                                                      AND d.equipment_serial <> s.equipment_serial)
                    OR EXISTS (SELECT 1 FROM run_staging o WHERE o.management_number = s.management_number
                                                             AND o.seq < s.seq))
            RETURNING s.seq, s.equipment_serial, s.management_number, to_jsonb(s) - 'action' - 'feed_hash' AS raw""";

    private static final String ACTION_COUNTS = "SELECT action, count(*) AS n FROM run_staging GROUP BY action";

    private static final String ACTIVE_REGISTRY = "SELECT count(*) AS n FROM devices WHERE data_status = 'active'";

    /** Registry devices this feed run did not list (and did not reject): they go missing or stay so. */
    private static final String ABSENT = """
            FROM devices d
             WHERE d.data_status IN ('active', 'missing')
               AND NOT EXISTS (SELECT 1 FROM run_staging s WHERE s.equipment_serial = d.equipment_serial)
               AND NOT EXISTS (SELECT 1 FROM sync_rejects r WHERE r.run_id = $1 AND r.equipment_serial = d.equipment_serial)""";

    private static final String ABSENT_COUNTS = """
            SELECT count(*) FILTER (WHERE d.data_status = 'active') AS disappearing,
                   count(*) FILTER (WHERE d.missing_runs + 1 >= $2) AS becoming_suspected
            """ + ABSENT;

    private static final String ALREADY_SUSPECTED_ABSENT = """
            SELECT count(*) AS n FROM devices d
             WHERE d.data_status = 'deletion_suspected'
               AND NOT EXISTS (SELECT 1 FROM run_staging s WHERE s.equipment_serial = d.equipment_serial)""";

    /** Per field the Open API supplies: devices that have it in the registry but not in this feed. */
    private static final String BLANKED = """
            SELECT count(*) AS matched,
                   count(*) FILTER (WHERE d.latitude IS NOT NULL AND s.latitude IS NULL) AS coordinates,
                   count(*) FILTER (WHERE d.institution IS NOT NULL AND s.institution IS NULL) AS institution,
                   count(*) FILTER (WHERE d.address IS NOT NULL AND s.address IS NULL) AS address,
                   count(*) FILTER (WHERE d.position IS NOT NULL AND s.position IS NULL) AS position,
                   count(*) FILTER (WHERE d.manufacturer IS NOT NULL AND s.manufacturer IS NULL) AS manufacturer,
                   count(*) FILTER (WHERE d.model IS NOT NULL AND s.model IS NULL) AS model,
                   count(*) FILTER (WHERE d.opening_hours IS NOT NULL AND s.opening_hours IS NULL) AS opening_hours
              FROM run_staging s JOIN devices d ON d.equipment_serial = s.equipment_serial""";

    public static final List<String> BLANK_CHECKED_FIELDS = List.of("coordinates", "institution", "address",
            "position", "manufacturer", "model", "opening_hours");

    private static final String INSERT_DEVICES = """
            INSERT INTO devices (equipment_serial, management_number, sido, gugun, health_center, institution, address,
                                 position, latitude, longitude, manufacturer, model, manufacturing_date,
                                 battery_expiry_date, pad_expiry_date, operation_status, last_inspection_date,
                                 opening_hours, clerk_tel, manager, manager_tel, zipcode, feed_hash, data_status,
                                 missing_runs, first_seen_at, last_seen_at, updated_at)
            SELECT equipment_serial, management_number, sido, gugun, health_center, institution, address, position,
                   latitude, longitude, manufacturer, model, manufacturing_date, battery_expiry_date, pad_expiry_date,
                   operation_status, last_inspection_date, opening_hours, clerk_tel, manager, manager_tel, zipcode,
                   feed_hash, 'active', 0, $1, $2, now()
              FROM run_staging WHERE action = 'insert'""";

    private static final String UPDATE_FROM_FEED = """
            UPDATE devices d
               SET sido = s.sido, gugun = s.gugun, institution = s.institution, address = s.address,
                   position = s.position, latitude = s.latitude, longitude = s.longitude,
                   manufacturer = s.manufacturer, model = s.model, opening_hours = s.opening_hours,
                   clerk_tel = s.clerk_tel, manager = s.manager, manager_tel = s.manager_tel, zipcode = s.zipcode,
                   feed_hash = s.feed_hash, data_status = 'active', missing_runs = 0, last_seen_at = $1,
                   updated_at = now()
              FROM run_staging s
             WHERE s.equipment_serial = d.equipment_serial AND s.action IN ('update', 'restore')""";

    private static final String UPDATE_FROM_IMPORT = """
            UPDATE devices d
               SET management_number = COALESCE(s.management_number, d.management_number),
                   health_center = COALESCE(s.health_center, d.health_center),
                   manufacturing_date = COALESCE(s.manufacturing_date, d.manufacturing_date),
                   battery_expiry_date = COALESCE(s.battery_expiry_date, d.battery_expiry_date),
                   pad_expiry_date = COALESCE(s.pad_expiry_date, d.pad_expiry_date),
                   operation_status = COALESCE(s.operation_status, d.operation_status),
                   last_inspection_date = GREATEST(s.last_inspection_date, d.last_inspection_date),
                   updated_at = now()
              FROM run_staging s
             WHERE s.equipment_serial = d.equipment_serial AND s.action = 'update'""";

    /**
     * Absent devices: one more missing run each; active → missing, and → deletion_suspected at the threshold. Only
     * a status change touches updated_at and is returned (it is the only change a snapshot shows).
     */
    private static final String MARK_ABSENT = """
            UPDATE devices d
               SET missing_runs = d.missing_runs + 1,
                   data_status = CASE WHEN d.missing_runs + 1 >= $2 THEN 'deletion_suspected' ELSE 'missing' END,
                   updated_at = CASE WHEN (CASE WHEN d.missing_runs + 1 >= $2 THEN 'deletion_suspected'
                                                ELSE 'missing' END) <> d.data_status
                                     THEN now() ELSE d.updated_at END
            """ + ABSENT.substring(ABSENT.indexOf("WHERE")) + """

            RETURNING d.data_status, d.missing_runs, d.equipment_serial""";

    /** Snapshot rows (event_key, data) of the devices a run wrote, in serial order: see Outbox.appendQueried. */
    public static final String WRITTEN_SNAPSHOTS = "SELECT d.equipment_serial AS event_key, "
            + DeviceColumns.SNAPSHOT_JSON + """
             AS data
              FROM run_staging s JOIN devices d ON d.equipment_serial = s.equipment_serial
             WHERE s.action IN ('insert', 'update', 'restore')
             ORDER BY d.equipment_serial""";

    /** Snapshot rows of the devices whose serials are $1. */
    public static final String SNAPSHOTS_BY_SERIAL = "SELECT d.equipment_serial AS event_key, "
            + DeviceColumns.SNAPSHOT_JSON + """
             AS data
              FROM devices d WHERE d.equipment_serial = ANY($1) ORDER BY d.equipment_serial""";

    public Uni<Void> prepare(SqlConnection connection) {
        return connection.query(DROP).execute().flatMap(x -> connection.query(CREATE).execute()).replaceWithVoid();
    }

    public Uni<Void> drop(SqlConnection connection) {
        return connection.query(DROP).execute().replaceWithVoid();
    }

    /** Stages one batch of valid records, classifying each against the registry. */
    public Uni<Void> stage(SqlConnection connection, Mode mode, List<DeviceRecord> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = batch.size();
        Integer[] seq = new Integer[n];
        String[][] text = new String[16][n];
        Double[] lat = new Double[n];
        Double[] lon = new Double[n];
        LocalDate[][] dates = new LocalDate[4][n];
        for (int i = 0; i < n; i++) {
            DeviceRecord r = batch.get(i);
            seq[i] = r.seq();
            text[0][i] = r.equipmentSerial();
            text[1][i] = r.managementNumber();
            text[2][i] = r.sido();
            text[3][i] = r.gugun();
            text[4][i] = r.healthCenter();
            text[5][i] = r.institution();
            text[6][i] = r.address();
            text[7][i] = r.position();
            lat[i] = r.latitude();
            lon[i] = r.longitude();
            text[8][i] = r.manufacturer();
            text[9][i] = r.model();
            dates[0][i] = r.manufacturingDate();
            dates[1][i] = r.batteryExpiryDate();
            dates[2][i] = r.padExpiryDate();
            text[10][i] = r.operationStatus();
            dates[3][i] = r.lastInspectionDate();
            text[11][i] = r.openingHours() == null ? null : new JsonObject(new java.util.LinkedHashMap<>(
                    r.openingHours())).encode();
            text[12][i] = r.clerkTel();
            text[13][i] = r.manager();
            text[14][i] = r.managerTel();
            text[15][i] = r.zipcode();
        }
        Tuple params = Tuple.from(List.of(seq, text[0], text[1], text[2], text[3], text[4], text[5], text[6], text[7],
                lat, lon, text[8], text[9], dates[0], dates[1], dates[2], text[10], dates[3], text[11], text[12],
                text[13], text[14], text[15]));
        String sql = switch (mode) {
            case full -> STAGE_FULL;
            case incremental -> STAGE_INCREMENTAL;
            case import_ -> STAGE_IMPORT;
        };
        return connection.preparedQuery(sql).execute(params).replaceWithVoid();
    }

    /** Once everything is staged: an index for the diff, and statistics (autovacuum never analyses temp tables). */
    public Uni<Void> finishStaging(SqlConnection connection) {
        return connection.query(INDEX).execute().flatMap(x -> connection.query(ANALYZE).execute()).replaceWithVoid();
    }

    public record DatabaseConflict(int seq, String equipmentSerial, String managementNumber, String raw) {
    }

    public Uni<List<DatabaseConflict>> removeDatabaseConflicts(SqlConnection connection) {
        return connection.query(DATABASE_CONFLICTS).execute().map(rows -> {
            List<DatabaseConflict> conflicts = new ArrayList<>();
            for (Row row : rows) {
                conflicts.add(new DatabaseConflict(row.getInteger("seq"), row.getString("equipment_serial"),
                        row.getString("management_number"), String.valueOf(row.getValue("raw"))));
            }
            return conflicts;
        });
    }

    public Uni<Map<Action, Long>> actionCounts(SqlConnection connection) {
        return connection.query(ACTION_COUNTS).execute().map(rows -> {
            Map<Action, Long> counts = new EnumMap<>(Action.class);
            for (Action action : Action.values()) {
                counts.put(action, 0L);
            }
            rows.forEach(row -> counts.put(Action.valueOf(row.getString("action")), row.getLong("n")));
            return counts;
        });
    }

    public Uni<Long> activeRegistrySize(SqlConnection connection) {
        return connection.query(ACTIVE_REGISTRY).execute().map(rows -> rows.iterator().next().getLong("n"));
    }

    public record Absence(long disappearing, long becomingSuspected) {
    }

    public Uni<Absence> absence(SqlConnection connection, UUID runId, int missingRunsBeforeSuspected) {
        return connection.preparedQuery(ABSENT_COUNTS).execute(Tuple.of(runId, missingRunsBeforeSuspected))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Absence(row.getLong("disappearing"), row.getLong("becoming_suspected"));
                });
    }

    /** matched, then one count per {@link #BLANK_CHECKED_FIELDS}. */
    public Uni<Map<String, Long>> blanked(SqlConnection connection) {
        return connection.query(BLANKED).execute().map(rows -> {
            Row row = rows.iterator().next();
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            counts.put("matched", row.getLong("matched"));
            BLANK_CHECKED_FIELDS.forEach(field -> counts.put(field, row.getLong(field)));
            return counts;
        });
    }

    public Uni<Integer> insertDevices(SqlConnection tx, Mode mode, OffsetDateTime runStartedAt) {
        // an import does not count as the feed having seen the device
        return tx.preparedQuery(INSERT_DEVICES)
                .execute(Tuple.of(runStartedAt, mode.readsFeed() ? runStartedAt : null))
                .map(rows -> rows.rowCount());
    }

    public Uni<Integer> updateDevices(SqlConnection tx, Mode mode, OffsetDateTime runStartedAt) {
        return mode.readsFeed()
                ? tx.preparedQuery(UPDATE_FROM_FEED).execute(Tuple.of(runStartedAt)).map(rows -> rows.rowCount())
                : tx.query(UPDATE_FROM_IMPORT).execute().map(rows -> rows.rowCount());
    }

    public record MarkedAbsent(long missing, long deletionSuspected, List<String> statusChanged) {
    }

    public Uni<MarkedAbsent> markAbsent(SqlConnection tx, UUID runId, int missingRunsBeforeSuspected) {
        return tx.preparedQuery(MARK_ABSENT).execute(Tuple.of(runId, missingRunsBeforeSuspected)).map(rows -> {
            long missing = 0;
            long suspected = 0;
            List<String> changed = new ArrayList<>();
            for (Row row : rows) {
                boolean isSuspected = row.getString("data_status").equals("deletion_suspected");
                int runs = row.getInteger("missing_runs");
                if (isSuspected) {
                    suspected++;
                } else {
                    missing++;
                }
                if ((!isSuspected && runs == 1) || (isSuspected && runs == missingRunsBeforeSuspected)) {
                    changed.add(row.getString("equipment_serial"));
                }
            }
            return new MarkedAbsent(missing, suspected, changed);
        });
    }

    /** Absent devices that were deletion_suspected already (they stay so and count in the run's figure). */
    public Uni<Long> alreadySuspectedAbsent(SqlConnection tx) {
        return tx.query(ALREADY_SUSPECTED_ABSENT).execute().map(rows -> rows.iterator().next().getLong("n"));
    }
}
