package pics.aed.sync.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;
import pics.aed.sync.domain.DeviceRecord;
import pics.aed.sync.domain.FeedHash;
import pics.aed.sync.domain.Reject;
import pics.aed.sync.domain.SyncRun.Mode;

/**
 * A run's staging connection (JDBC, autocommit, blocking: the run's worker thread only; it never holds a transaction
 * open, so nothing waits on it while the source is read). Each batch of valid records is written with COPY into a
 * private page table, checked against the registry's management numbers (stage 3) and classified into
 * {@code run_staging} against the registry as committed: insert, update, restore or unchanged, and which feed fields
 * it blanks. Every row is the run's own ({@code run_id}): a second run, should one start while this one reads (a lost
 * cluster lock), neither sees nor deletes them. The run's apply transaction reads them once the source is read and
 * the guards have passed (decisions 0006 and 0008). COPY is why this is JDBC: the reactive client has no COPY, and
 * binding a page as 23 arrays cost PostgreSQL three times as much.
 */
public final class RunStaging implements AutoCloseable {

    /**
     * What a run will do with a staged record. {@code rehash}: the content is the registry's, only the stored hash is
     * not (an older hash definition): the hash is rewritten, nothing else, and the device counts as unchanged.
     */
    public enum Action {
        insert,
        update,
        restore,
        rehash,
        unchanged
    }

    /** The fields the Open API supplies ({@link FeedHash} covers exactly these). */
    private static final String FEED_FIELDS = "sido, gugun, institution, address, position, latitude, longitude,"
            + " manufacturer, model, opening_hours, clerk_tel, manager, manager_tel, zipcode";

    /** The columns of a staged record, in COPY order. */
    private static final String RECORD_COLUMNS = """
            page, seq, equipment_serial, management_number, sido, gugun, health_center, institution, address,
            position, latitude, longitude, manufacturer, model, manufacturing_date, battery_expiry_date,
            pad_expiry_date, operation_status, last_inspection_date, opening_hours, clerk_tel, manager, manager_tel,
            zipcode, feed_hash""";

    private static final String CREATE_PAGE_TABLE = """
            CREATE TEMP TABLE IF NOT EXISTS page_input (
                page integer NOT NULL, seq integer NOT NULL, equipment_serial text NOT NULL, management_number text,
                sido text, gugun text, health_center text, institution text, address text, position text,
                latitude double precision, longitude double precision, manufacturer text, model text,
                manufacturing_date date, battery_expiry_date date, pad_expiry_date date, operation_status text,
                last_inspection_date date, opening_hours jsonb, clerk_tel text, manager text, manager_tel text,
                zipcode text, feed_hash text)""";

    /** The service's schema first, then public (the extensions), bound as a value rather than spliced in. */
    private static final String SEARCH_PATH = "SELECT set_config('search_path', quote_ident(?) || ', public', false)";

    private static final String COPY_PAGE = "COPY page_input (" + RECORD_COLUMNS + ") FROM STDIN";

    /** What a classification staged: per action, and which records are new (their events are built here). */
    private static final String COUNT_STAGED = """
            SELECT action, count(*) AS n, array_agg(seq) FILTER (WHERE action = 'insert') AS inserted
              FROM staged GROUP BY action""";

    private static final String COPY_SNAPSHOTS = "COPY run_snapshots (run_id, page, equipment_serial, data) FROM STDIN";

    /** Stage 3 (database): a management number another device holds, or that an earlier record of this run took. */
    private static final String DATABASE_CONFLICTS = """
            DELETE FROM page_input s
             WHERE s.management_number IS NOT NULL
               AND (EXISTS (SELECT 1 FROM devices d WHERE d.management_number = s.management_number
                                                      AND d.equipment_serial <> s.equipment_serial)
                    OR EXISTS (SELECT 1 FROM run_staging o WHERE o.run_id = ?
                                                         AND o.management_number = s.management_number)
                    OR EXISTS (SELECT 1 FROM page_input o WHERE o.management_number = s.management_number
                                                            AND o.seq < s.seq))
            RETURNING s.seq, s.equipment_serial, s.management_number, to_jsonb(s) - 'page' AS raw""";

    /** The feed fields a known device has and this record leaves empty (the field_blanked guard counts them). */
    private static final String BLANKED = """
            NULLIF(array_remove(ARRAY[
                CASE WHEN d.latitude IS NOT NULL AND v.latitude IS NULL THEN 'coordinates' END,
                CASE WHEN d.institution IS NOT NULL AND v.institution IS NULL THEN 'institution' END,
                CASE WHEN d.address IS NOT NULL AND v.address IS NULL THEN 'address' END,
                CASE WHEN d.position IS NOT NULL AND v.position IS NULL THEN 'position' END,
                CASE WHEN d.manufacturer IS NOT NULL AND v.manufacturer IS NULL THEN 'manufacturer' END,
                CASE WHEN d.model IS NOT NULL AND v.model IS NULL THEN 'model' END,
                CASE WHEN d.opening_hours IS NOT NULL AND v.opening_hours IS NULL THEN 'opening_hours' END
            ]::text[], NULL), '{}')""";

    public static final List<String> BLANK_CHECKED_FIELDS =
            List.of("coordinates", "institution", "address", "position", "manufacturer", "model", "opening_hours");

    /**
     * A feed run classifies a page. A matching stored hash means unchanged (incremental trusts it); where the hashes
     * differ the columns decide between update and rehash. Full compares the columns in every case, so that a row
     * changed behind the sync's back is rewritten.
     */
    private static String classifyFeed(boolean verifyColumns) {
        String sameContent = "(" + columns("d") + ") IS NOT DISTINCT FROM (" + columns("v") + ")";
        String unchanged = "d.feed_hash = v.feed_hash" + (verifyColumns ? " AND " + sameContent : "");
        return """
                WITH staged AS (
                    INSERT INTO run_staging (run_id, %1$s, action, blanked)
                    SELECT ?, v.*, CASE WHEN d.equipment_serial IS NULL THEN 'insert'
                                     WHEN d.data_status <> 'active' THEN 'restore'
                                     WHEN %2$s THEN 'unchanged'
                                     WHEN %3$s THEN 'rehash'
                                     ELSE 'update' END,
                           %4$s
                      FROM (SELECT %1$s FROM page_input) v
                      LEFT JOIN devices d ON d.equipment_serial = v.equipment_serial
                    RETURNING action, seq)
                %5$s""".formatted(RECORD_COLUMNS, unchanged, sameContent, BLANKED, COUNT_STAGED);
    }

    /** The registration export fills the fields the Open API lacks; an empty cell never blanks a stored value. */
    private static final String CLASSIFY_IMPORT = """
            WITH staged AS (
                INSERT INTO run_staging (run_id, %1$s, action)
                SELECT ?, v.*, CASE WHEN d.equipment_serial IS NULL THEN 'insert'
                    WHEN COALESCE(v.management_number, d.management_number) IS DISTINCT FROM d.management_number
                      OR COALESCE(v.health_center, d.health_center) IS DISTINCT FROM d.health_center
                      OR COALESCE(v.manufacturing_date, d.manufacturing_date) IS DISTINCT FROM d.manufacturing_date
                      OR COALESCE(v.battery_expiry_date, d.battery_expiry_date) IS DISTINCT FROM d.battery_expiry_date
                      OR COALESCE(v.pad_expiry_date, d.pad_expiry_date) IS DISTINCT FROM d.pad_expiry_date
                      OR COALESCE(v.operation_status, d.operation_status) IS DISTINCT FROM d.operation_status
                      OR GREATEST(v.last_inspection_date, d.last_inspection_date)
                             IS DISTINCT FROM d.last_inspection_date THEN 'update'
                    ELSE 'unchanged' END
                  FROM (SELECT %1$s FROM page_input) v
                  LEFT JOIN devices d ON d.equipment_serial = v.equipment_serial
                RETURNING action, seq)
            %2$s""".formatted(RECORD_COLUMNS, COUNT_STAGED);

    private static final String CLASSIFY_FULL = classifyFeed(true);
    private static final String CLASSIFY_INCREMENTAL = classifyFeed(false);

    private static final String SUMMARY = """
            SELECT count(*) FILTER (WHERE action = 'insert') AS insert,
                   count(*) FILTER (WHERE action = 'update') AS update,
                   count(*) FILTER (WHERE action = 'restore') AS restore,
                   count(*) FILTER (WHERE action = 'rehash') AS rehash,
                   count(*) FILTER (WHERE action = 'unchanged') AS unchanged,
                   count(*) FILTER (WHERE action <> 'insert') AS matched,
                   """
            + String.join(
                    ",\n",
                    BLANK_CHECKED_FIELDS.stream()
                            .map(f -> "count(*) FILTER (WHERE '" + f + "' = ANY (blanked)) AS " + f)
                            .toList())
            + """

              FROM run_staging WHERE run_id = ?""";

    private static final String ACTIVE_REGISTRY = "SELECT count(*) FROM devices WHERE data_status = 'active'";

    /**
     * Registry devices that the feed run bound as {@code run} did not list (and did not reject): they go missing or
     * stay so. Shared with the apply transaction's lifecycle update (RegistryWriter), which must select exactly
     * these; each side names the run id parameter in its own placeholder style.
     */
    static String absent(String run) {
        return """
                FROM devices d
                 WHERE d.data_status IN ('active', 'missing')
                   AND NOT EXISTS (SELECT 1 FROM run_staging s WHERE s.run_id = %1$s
                                                                 AND s.equipment_serial = d.equipment_serial)
                   AND NOT EXISTS (SELECT 1 FROM sync_rejects r WHERE r.run_id = %1$s
                                                                  AND r.equipment_serial = d.equipment_serial)""".formatted(run);
    }

    /**
     * What the guards weigh a run against. {@code listed}: the devices a feed is expected to list (active and
     * missing, not those already suspected of deletion); the change guard uses it, because the active count shrinks
     * with every device that goes missing, so that restoring a drop just under the threshold exceeded it and every
     * later run aborted.
     */
    private static final String REGISTRY_SIZE = """
            SELECT count(*) FILTER (WHERE data_status = 'active') AS active,
                   count(*) FILTER (WHERE data_status IN ('active', 'missing')) AS listed
              FROM devices""";

    private static final String ABSENT_COUNTS =
            "SELECT count(*) FILTER (WHERE d.data_status = 'active') AS disappearing " + absent("?");

    /** Statistics for the end-of-run statements (autovacuum has not seen this run's rows yet). */
    private static final String ANALYZE = "ANALYZE run_staging (run_id, equipment_serial, action)";

    /** What runs that are over left behind (a replica that died mid-run); a running run's rows are its own. */
    private static final String DELETE_STALE_STAGING = """
            DELETE FROM run_staging s
             WHERE NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.id = s.run_id AND r.status = 'running')""";

    private static final String DELETE_STALE_SNAPSHOTS = """
            DELETE FROM run_snapshots s
             WHERE NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.id = s.run_id AND r.status = 'running')""";

    private static final String DELETE_RUN_STAGING = "DELETE FROM run_staging WHERE run_id = ?";
    private static final String DELETE_RUN_SNAPSHOTS = "DELETE FROM run_snapshots WHERE run_id = ?";

    /** Rejects commit on their own, as they are found: an aborted or failed run still shows them. */
    private static final String INSERT_REJECTS = """
            INSERT INTO sync_rejects (run_id, seq, equipment_serial, stage, reason, raw)
            SELECT ?, * FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[])
            ON CONFLICT DO NOTHING""";

    private final Connection connection;
    private final UUID runId;
    private final Mode mode;
    private final String classify;

    private RunStaging(Connection connection, UUID runId, Mode mode) {
        this.connection = connection;
        this.runId = runId;
        this.mode = mode;
        this.classify = switch (mode) {
            case full -> CLASSIFY_FULL;
            case incremental -> CLASSIFY_INCREMENTAL;
            case import_ -> CLASSIFY_IMPORT;
        };
    }

    /**
     * Takes a connection for run {@code runId} and deletes what runs that are over left behind (never a running
     * run's rows). Blocks.
     */
    public static RunStaging openBlocking(DataSource dataSource, String schema, UUID runId, Mode mode) {
        try {
            Connection connection = dataSource.getConnection();
            try (Statement statement = connection.createStatement();
                    PreparedStatement searchPath = connection.prepareStatement(SEARCH_PATH)) {
                connection.setAutoCommit(true);
                searchPath.setString(1, schema);
                searchPath.execute();
                statement.execute(CREATE_PAGE_TABLE);
                statement.execute(DELETE_STALE_STAGING);
                statement.execute(DELETE_STALE_SNAPSHOTS);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new RunStaging(connection, runId, mode);
        } catch (SQLException e) {
            throw new StagingException("cannot open the run's staging connection", e);
        }
    }

    private static String columns(String alias) {
        return String.join(
                ", ",
                Arrays.stream(FEED_FIELDS.split(","))
                        .map(f -> alias + "." + f.strip())
                        .toList());
    }

    public record DatabaseConflict(int seq, String equipmentSerial, String managementNumber, String raw) {}

    /** A staged page: what it will do to the registry, and the records stage 3 refused. */
    public record StagedPage(Map<Action, Long> actions, List<DatabaseConflict> conflicts) {}

    /**
     * Stages one batch as page {@code page}: COPY, stage 3, classification, in that order; then the snapshot event
     * of each record that is new to the registry. Blocks.
     *
     * @param newDeviceJson the snapshot event data of a record that creates a device
     */
    public StagedPage stageBlocking(int page, List<DeviceRecord> batch, Function<DeviceRecord, String> newDeviceJson) {
        Map<Action, Long> actions = emptyCounts();
        if (batch.isEmpty()) {
            return new StagedPage(actions, List.of());
        }
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE page_input");
            }
            FeedHash hash = mode.readsFeed() ? new FeedHash() : null;
            copy(COPY_PAGE, out -> out.records(page, batch, hash));
            List<DatabaseConflict> conflicts =
                    batch.stream().anyMatch(r -> r.managementNumber() != null) ? removeDatabaseConflicts() : List.of();
            Set<Integer> inserted = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(classify)) {
                statement.setObject(1, runId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        actions.put(Action.valueOf(rows.getString("action")), rows.getLong("n"));
                        Array seqs = rows.getArray("inserted");
                        if (seqs != null) {
                            inserted.addAll(Arrays.asList((Integer[]) seqs.getArray()));
                        }
                    }
                }
            }
            if (!inserted.isEmpty()) {
                List<DeviceRecord> created =
                        batch.stream().filter(r -> inserted.contains(r.seq())).toList();
                copy(COPY_SNAPSHOTS, out -> out.snapshots(runId, page, created, newDeviceJson));
            }
            return new StagedPage(actions, conflicts);
        } catch (SQLException | IOException e) {
            throw new StagingException("staging page " + page + " failed", e);
        }
    }

    /** What a COPY writes, row by row. */
    private interface CopyRows {
        void writeTo(CopyText out) throws IOException;
    }

    /**
     * Streams a COPY through a small buffer: a page built as one string would be a megabyte, which the JVM allocates
     * outside its young generation (a humongous object for G1 with a small heap) and pays for in GC cycles.
     */
    private void copy(String sql, CopyRows rows) throws SQLException, IOException {
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            OutputStream out = new PGCopyOutputStream(copyIn, 65536);
            rows.writeTo(new CopyText(out));
            out.close(); // ends the COPY; a failure before it cancels the COPY instead
        } finally {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }

    private List<DatabaseConflict> removeDatabaseConflicts() throws SQLException {
        List<DatabaseConflict> conflicts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(DATABASE_CONFLICTS)) {
            statement.setObject(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    conflicts.add(new DatabaseConflict(
                            rows.getInt("seq"),
                            rows.getString("equipment_serial"),
                            rows.getString("management_number"),
                            rows.getString("raw")));
                }
            }
        }
        return conflicts;
    }

    /** Stores rejected records at once (committed whatever the run's outcome). Blocks. */
    public void insertRejectsBlocking(List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_REJECTS)) {
            statement.setObject(1, runId);
            statement.setArray(
                    2,
                    connection.createArrayOf(
                            "int4", rejects.stream().map(Reject::seq).toArray(Integer[]::new)));
            statement.setArray(3, texts(rejects, Reject::equipmentSerial));
            statement.setArray(
                    4,
                    connection.createArrayOf(
                            "text", rejects.stream().map(r -> r.stage().name()).toArray(String[]::new)));
            statement.setArray(5, texts(rejects, Reject::reason));
            statement.setArray(6, texts(rejects, Reject::raw));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StagingException("storing " + rejects.size() + " rejected records failed", e);
        }
    }

    private Array texts(List<Reject> rejects, Function<Reject, String> field) throws SQLException {
        return connection.createArrayOf(
                "text", rejects.stream().map(field).map(RunStaging::storable).toArray(String[]::new));
    }

    /** A reject keeps the record as received, except U+0000, which PostgreSQL text cannot hold: shown as U+FFFD. */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    /** Everything staged, once the source is read: the actions, and per checked field how many records blank it. */
    public record Summary(Map<Action, Long> actions, long matched, Map<String, Long> blanked) {

        public long staged() {
            return actions.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Blocks. */
    public Summary summaryBlocking() {
        try (Statement statement = connection.createStatement();
                PreparedStatement summary = connection.prepareStatement(SUMMARY)) {
            statement.execute(ANALYZE);
            summary.setObject(1, runId);
            try (ResultSet row = summary.executeQuery()) {
                row.next();
                Map<Action, Long> actions = emptyCounts();
                for (Action action : Action.values()) {
                    actions.put(action, row.getLong(action.name()));
                }
                Map<String, Long> blanked = new LinkedHashMap<>();
                for (String field : BLANK_CHECKED_FIELDS) {
                    blanked.put(field, row.getLong(field));
                }
                return new Summary(actions, row.getLong("matched"), blanked);
            }
        } catch (SQLException e) {
            throw new StagingException("summarising the staged run failed", e);
        }
    }

    /**
     * The registry as committed, before the run wrote anything.
     *
     * @param active devices the registry holds active
     * @param listed devices a feed is expected to list: active and missing
     */
    public record RegistrySize(long active, long listed) {}

    /** Blocks. */
    public RegistrySize registrySizeBlocking() {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(REGISTRY_SIZE)) {
            row.next();
            return new RegistrySize(row.getLong("active"), row.getLong("listed"));
        } catch (SQLException e) {
            throw new StagingException("counting the registry failed", e);
        }
    }

    /** Active registry devices the run neither listed nor rejected: they would go missing. Blocks. */
    public long disappearingBlocking() {
        try (PreparedStatement statement = connection.prepareStatement(ABSENT_COUNTS)) {
            statement.setObject(1, runId);
            statement.setObject(2, runId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong("disappearing");
            }
        } catch (SQLException e) {
            throw new StagingException("counting absent devices failed", e);
        }
    }

    /** Deletes the run's staging (the run is over, committed or not) and gives the connection back. Blocks. */
    @Override
    public void close() {
        try (PreparedStatement staging = connection.prepareStatement(DELETE_RUN_STAGING);
                PreparedStatement snapshots = connection.prepareStatement(DELETE_RUN_SNAPSHOTS);
                Statement statement = connection.createStatement()) {
            staging.setObject(1, runId);
            staging.executeUpdate();
            snapshots.setObject(1, runId);
            snapshots.executeUpdate();
            statement.execute("DROP TABLE IF EXISTS page_input");
        } catch (SQLException e) {
            // the next run deletes what a finished run left
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // the pool discards a broken connection
            }
        }
    }

    private static Map<Action, Long> emptyCounts() {
        Map<Action, Long> counts = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            counts.put(action, 0L);
        }
        return counts;
    }

    /** The staging database failed (not the source, not a guard): the run fails, nothing is committed. */
    public static final class StagingException extends RuntimeException {
        StagingException(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    /** PostgreSQL's COPY text format, one line at a time (encoded whole: the JDK encodes a String fastest). */
    static final class CopyText {

        private final OutputStream out;
        private final StringBuilder line = new StringBuilder(1024);

        CopyText(OutputStream out) {
            this.out = out;
        }

        void records(int page, List<DeviceRecord> batch, FeedHash hash) throws IOException {
            for (DeviceRecord r : batch) {
                line.append(page).append('\t').append(r.seq());
                text(r.equipmentSerial());
                text(r.managementNumber());
                text(r.sido());
                text(r.gugun());
                text(r.healthCenter());
                text(r.institution());
                text(r.address());
                text(r.position());
                value(r.latitude());
                value(r.longitude());
                text(r.manufacturer());
                text(r.model());
                value(r.manufacturingDate());
                value(r.batteryExpiryDate());
                value(r.padExpiryDate());
                text(r.operationStatus());
                value(r.lastInspectionDate());
                text(json(r.openingHours()));
                text(r.clerkTel());
                text(r.manager());
                text(r.managerTel());
                text(r.zipcode());
                text(hash == null ? null : hash.of(r));
                endLine();
            }
        }

        void snapshots(UUID runId, int page, List<DeviceRecord> records, Function<DeviceRecord, String> json)
                throws IOException {
            for (DeviceRecord r : records) {
                line.append(runId).append('\t').append(page);
                text(r.equipmentSerial());
                text(json.apply(r));
                endLine();
            }
        }

        private void endLine() throws IOException {
            line.append('\n');
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            line.setLength(0);
        }

        private void text(String value) {
            line.append('\t');
            if (value == null) {
                line.append("\\N");
                return;
            }
            int start = 0;
            for (int i = 0; i < value.length(); i++) {
                String escaped = switch (value.charAt(i)) {
                    case '\\' -> "\\\\";
                    case '\t' -> "\\t";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    default -> null;
                };
                if (escaped != null) {
                    line.append(value, start, i).append(escaped);
                    start = i + 1;
                }
            }
            line.append(value, start, value.length());
        }

        /** A number or a date: never anything to escape. */
        private void value(Object value) {
            line.append('\t');
            line.append(value == null ? "\\N" : value.toString());
        }

        /** A JSON object of strings (opening hours: element names and validated HHmm times, escaped all the same). */
        static String json(Map<String, String> map) {
            if (map == null) {
                return null;
            }
            StringBuilder json = new StringBuilder(24 * map.size() + 2).append('{');
            for (Map.Entry<String, String> entry : map.entrySet()) {
                if (json.length() > 1) {
                    json.append(',');
                }
                jsonString(json, entry.getKey());
                json.append(':');
                jsonString(json, entry.getValue());
            }
            return json.append('}').toString();
        }

        private static void jsonString(StringBuilder json, String value) {
            json.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            json.append('"');
        }
    }
}
