package pics.aed.sync.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.UnnestColumns;
import pics.aed.sync.domain.Guard;
import pics.aed.sync.domain.Reject;
import pics.aed.sync.domain.SyncRun;

/** The SQL of {@code registry.sync_runs} and {@code registry.sync_rejects}. */
@Singleton
public class SyncRunStore {

    private static final String COLUMNS = """
            id, mode, trigger, status, started_at, finished_at, fetched, inserted, updated, unchanged, missing,
            restored, deletion_suspected, rejected, error, overridden_guards""";

    private static final String INSERT_RUNNING = """
            INSERT INTO sync_runs (id, mode, trigger, status, overridden_guards) VALUES ($1, $2, $3, 'running', $4)
            RETURNING\s""" + COLUMNS;
    /** Runs left 'running' by a replica that died: only called while holding the sync lock, so none is alive. */
    private static final String INTERRUPT_ORPHANS = """
            UPDATE sync_runs SET status = 'failed', finished_at = clock_timestamp(),
                   error = 'interrupted: the replica running it stopped before it finished'
             WHERE status = 'running' RETURNING\s""" + COLUMNS;
    /**
     * clock_timestamp(), not now(): a successful run finishes inside its apply transaction, and now() would be the
     * moment that transaction began, leaving the whole apply out of the run's duration. Only a running run finishes:
     * one that another replica has declared dead (its lease lost) keeps what that replica wrote.
     */
    private static final String FINISH = """
            UPDATE sync_runs SET status = $2, finished_at = clock_timestamp(), fetched = $3, inserted = $4, updated = $5,
                   unchanged = $6, missing = $7, restored = $8, deletion_suspected = $9, rejected = $10, error = $11
             WHERE id = $1 AND status = 'running' RETURNING\s""" + COLUMNS;

    private static final String FIND = "SELECT " + COLUMNS + " FROM sync_runs WHERE id = $1";
    private static final String FIND_RUNNING = "SELECT " + COLUMNS + " FROM sync_runs WHERE status = 'running'";
    private static final String LIST = "SELECT " + COLUMNS + " FROM sync_runs ORDER BY started_at DESC, id LIMIT $1";
    private static final String LAST_SUCCESS_BY_MODE = """
            SELECT mode, max(finished_at) AS at FROM sync_runs WHERE status = 'succeeded' GROUP BY mode""";

    /** Whether the latest feed run since $1 failed on data.go.kr's daily quota (code 22). */
    private static final String QUOTA_USED_UP_SINCE = """
            SELECT EXISTS (SELECT 1 FROM (SELECT status, error FROM sync_runs
                                           WHERE mode <> 'import' AND finished_at >= $1
                                           ORDER BY finished_at DESC LIMIT 1) latest
                            WHERE latest.status = 'failed' AND latest.error LIKE '%code 22%') AS used_up""";

    private static final String INSERT_REJECTS = """
            INSERT INTO sync_rejects (run_id, seq, equipment_serial, stage, reason, raw)
            SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
            ON CONFLICT DO NOTHING""";
    private static final String REJECTS = """
            SELECT seq, equipment_serial, stage, reason, raw FROM sync_rejects WHERE run_id = $1
             ORDER BY seq LIMIT $2 OFFSET $3""";
    private static final String COUNT_REJECTS = "SELECT count(*) AS n FROM sync_rejects WHERE run_id = $1";

    public Uni<SyncRun> insertRunning(
            SqlClient client, UUID id, SyncRun.Mode mode, SyncRun.Trigger trigger, Set<Guard> overriddenGuards) {
        String[] overridden =
                overriddenGuards.stream().sorted().map(Guard::apiName).toArray(String[]::new);
        return client.preparedQuery(INSERT_RUNNING)
                .execute(Tuple.of(id, mode.value(), trigger.name(), overridden))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<List<SyncRun>> interruptOrphans(SqlClient client) {
        return client.query(INTERRUPT_ORPHANS).execute().map(SyncRunStore::all);
    }

    /**
     * Finishes a running run; empty when the run is no longer running (another replica declared it dead), which then
     * keeps what that replica wrote.
     */
    public Uni<Optional<SyncRun>> finish(
            SqlClient client, UUID id, SyncRun.Status status, SyncRun.Counts c, String error) {
        return client.preparedQuery(FINISH)
                .execute(Tuple.from(Arrays.asList(
                        id,
                        status.name(),
                        c.fetched(),
                        c.inserted(),
                        c.updated(),
                        c.unchanged(),
                        c.missing(),
                        c.restored(),
                        c.deletionSuspected(),
                        c.rejected(),
                        error)))
                .map(SyncRunStore::first);
    }

    public Uni<Optional<SyncRun>> find(SqlClient client, UUID id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id)).map(SyncRunStore::first);
    }

    public Uni<Optional<SyncRun>> findRunning(SqlClient client) {
        return client.query(FIND_RUNNING).execute().map(SyncRunStore::first);
    }

    public Uni<Long> count(SqlClient client) {
        return client.query("SELECT count(*) AS n FROM sync_runs")
                .execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<List<SyncRun>> newest(SqlClient client, int limit) {
        return client.preparedQuery(LIST).execute(Tuple.of(limit)).map(SyncRunStore::all);
    }

    /** The last successful run of each mode that has one. */
    public Uni<Map<String, OffsetDateTime>> lastSuccessByMode(SqlClient client) {
        return client.query(LAST_SUCCESS_BY_MODE).execute().map(rows -> {
            Map<String, OffsetDateTime> byMode = new HashMap<>();
            rows.forEach(row -> byMode.put(row.getString("mode"), row.getOffsetDateTime("at")));
            return byMode;
        });
    }

    /** Whether the latest feed run finished since {@code since} failed because the daily quota was used up. */
    public Uni<Boolean> quotaUsedUpSince(SqlClient client, OffsetDateTime since) {
        return client.preparedQuery(QUOTA_USED_UP_SINCE)
                .execute(Tuple.of(since))
                .map(rows -> rows.iterator().next().getBoolean("used_up"));
    }

    /** Rejects commit on their own, as they are found: an aborted or failed run still shows them. */
    public Uni<Void> insertRejects(SqlClient client, UUID runId, List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(INSERT_REJECTS)
                .execute(UnnestColumns.of(rejects)
                        .value(runId)
                        .column(Integer.class, Reject::seq)
                        .column(String.class, reject -> storable(reject.equipmentSerial()))
                        .column(String.class, reject -> reject.stage().name())
                        .column(String.class, reject -> storable(reject.reason()))
                        .column(String.class, reject -> storable(reject.raw()))
                        .tuple())
                .replaceWithVoid();
    }

    /** A reject keeps the record as received, except U+0000, which PostgreSQL text cannot hold: shown as U+FFFD. */
    private static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    public Uni<Page<Reject>> rejects(SqlClient client, UUID runId, PageRequest page) {
        return client.preparedQuery(COUNT_REJECTS)
                .execute(Tuple.of(runId))
                .flatMap(total -> client.preparedQuery(REJECTS)
                        .execute(Tuple.of(runId, page.size(), (long) page.page() * page.size()))
                        .map(rows -> {
                            List<Reject> items = new ArrayList<>();
                            for (Row row : rows) {
                                items.add(new Reject(
                                        row.getInteger("seq"),
                                        row.getString("equipment_serial"),
                                        Reject.Stage.valueOf(row.getString("stage")),
                                        row.getString("reason"),
                                        row.getString("raw")));
                            }
                            return new Page<>(
                                    items,
                                    page.page(),
                                    page.size(),
                                    total.iterator().next().getLong("n"));
                        }));
    }

    private static Optional<SyncRun> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    private static List<SyncRun> all(RowSet<Row> rows) {
        List<SyncRun> runs = new ArrayList<>();
        rows.forEach(row -> runs.add(map(row)));
        return runs;
    }

    private static SyncRun map(Row row) {
        return new SyncRun(
                row.getUUID("id"),
                SyncRun.Mode.of(row.getString("mode")),
                SyncRun.Trigger.valueOf(row.getString("trigger")),
                SyncRun.Status.valueOf(row.getString("status")),
                row.getOffsetDateTime("started_at"),
                row.getOffsetDateTime("finished_at"),
                SyncRun.Counts.builder()
                        .fetched(row.getLong("fetched"))
                        .inserted(row.getLong("inserted"))
                        .updated(row.getLong("updated"))
                        .unchanged(row.getLong("unchanged"))
                        .missing(row.getLong("missing"))
                        .restored(row.getLong("restored"))
                        .deletionSuspected(row.getLong("deletion_suspected"))
                        .rejected(row.getLong("rejected"))
                        .build(),
                row.getString("error"),
                guards(row.getArrayOfStrings("overridden_guards")));
    }

    private static Set<Guard> guards(String[] names) {
        Set<Guard> guards = EnumSet.noneOf(Guard.class);
        for (String name : names) {
            guards.add(Guard.ofApiName(name).orElseThrow());
        }
        return guards;
    }
}
