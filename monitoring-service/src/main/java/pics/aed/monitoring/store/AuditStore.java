package pics.aed.monitoring.store;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSchedules;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSessions;
import pics.aed.monitoring.domain.Observations.ConsistencyCheck;
import pics.aed.monitoring.domain.Observations.OutboxLag;
import pics.aed.monitoring.domain.Observations.SyncHealth;
import pics.aed.monitoring.domain.Observations.SyncRun;

/**
 * The audits: SQL over what the other services' schemas hold, read through the read-only role {@code aedpics_monitor}
 * (the {@code audit} datasource), never through a projection. The indexes these queries rely on are created by the
 * owning services' V10 and V11 migrations (docs/benchmarks.md "monitoring-service: audits and the readiness
 * roll-up").
 */
@Singleton
public class AuditStore {

    /** Examples listed per consistency check. */
    static final int EXAMPLES = 5;

    private static final String DUPLICATE_SESSIONS = """
            SELECT equipment_serial,
                   array_agg(id::text ORDER BY started_at, id) AS session_ids,
                   array_agg(inspector_id ORDER BY started_at, id) AS inspector_ids
              FROM inspection.sessions
             WHERE status IN ('active', 'paused')
             GROUP BY equipment_serial
            HAVING count(*) > 1
             ORDER BY equipment_serial""";

    /**
     * Whether the database itself rules out what duplicate-schedules looks for (decision 0013). It does when
     * scheduling.schedules has invariant 2's exclusion constraint (no two non-cancelled schedules of a device with
     * overlapping slots) and the check that makes each slot the 30 minutes around its time, both exactly as
     * schedules-service V1 defines them, validated and checked at once (not deferrable), the constraint's index valid,
     * and no table inherits from schedules (the scan would read its rows, which the constraint does not cover).
     * Two slots [t - 15 min, t + 15 min) overlap exactly when their times are less than 30 minutes apart, so the
     * constraint forbids every row the scan could find. The constraints are matched by definition, not by name: a
     * weaker one under the same name (another predicate) is no guarantee, and anything other than the defined
     * constraint (a deferrable one too, although it would still hold at commit) counts as doubt. Any doubt answers false,
     * and the audit scans.
     */
    private static final String OVERLAPS_EXCLUDED = """
            SELECT EXISTS (
                       SELECT 1
                         FROM pg_catalog.pg_constraint c
                         JOIN pg_catalog.pg_index i ON i.indexrelid = c.conindid
                        WHERE c.conrelid = t.oid AND c.contype = 'x'
                          AND c.convalidated AND NOT c.condeferrable
                          AND i.indisvalid AND i.indisready AND i.indislive
                          AND pg_catalog.pg_get_constraintdef(c.oid)
                              = $def$EXCLUDE USING gist (equipment_serial WITH =, slot WITH &&) WHERE ((status <> 'cancelled'::text))$def$)
                   AND EXISTS (
                       SELECT 1
                         FROM pg_catalog.pg_constraint c
                        WHERE c.conrelid = t.oid AND c.contype = 'c' AND c.convalidated
                          AND pg_catalog.pg_get_constraintdef(c.oid)
                              = $def$CHECK ((slot = tstzrange((scheduled_for - '00:15:00'::interval), (scheduled_for + '00:15:00'::interval), '[)'::text)))$def$)
                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhparent = t.oid) AS excluded
              FROM (SELECT to_regclass('scheduling.schedules')::oid AS oid) AS t""";

    /**
     * Two non-cancelled schedules of a device less than 30 minutes apart are neighbours in time order, so comparing
     * each with the one before finds every crowded device in one ordered pass over two columns of an index
     * (schedules-service V11). Only then, device by device, are the schedules with a neighbour that close listed (a
     * schedule has one exactly when it belongs to a pair of neighbours less than 30 minutes apart). The crowded devices
     * are materialized first and the listing is a per-device LATERAL, because planned as one join PostgreSQL expects
     * tens of thousands of crowded devices and compares every schedule with every other of its device first (6 s on a
     * national year, docs/benchmarks.md). Run only when {@link #OVERLAPS_EXCLUDED} is false: its cost is every
     * non-cancelled schedule ever planned.
     */
    private static final String DUPLICATE_SCHEDULES = """
            WITH crowded AS MATERIALIZED (
                SELECT DISTINCT equipment_serial
                  FROM (SELECT equipment_serial,
                               scheduled_for - lag(scheduled_for)
                                   OVER (PARTITION BY equipment_serial ORDER BY scheduled_for) AS gap
                          FROM scheduling.schedules
                         WHERE status <> 'cancelled') AS gaps
                 WHERE gap < interval '30 minutes')
            SELECT crowded.equipment_serial, listed.schedule_ids, listed.assignee_ids
              FROM crowded
             CROSS JOIN LATERAL (
                   SELECT array_agg(DISTINCT s.id::text) AS schedule_ids,
                          array_agg(DISTINCT s.assignee_id) AS assignee_ids
                     FROM scheduling.schedules s
                    WHERE s.equipment_serial = crowded.equipment_serial
                      AND s.status <> 'cancelled'
                      AND EXISTS (SELECT 1 FROM scheduling.schedules other
                                   WHERE other.equipment_serial = s.equipment_serial
                                     AND other.status <> 'cancelled'
                                     AND other.id <> s.id
                                     AND other.scheduled_for > s.scheduled_for - interval '30 minutes'
                                     AND other.scheduled_for < s.scheduled_for + interval '30 minutes')) AS listed
             ORDER BY crowded.equipment_serial""";

    /*
     * Each consistency check counts every row it finds and lists the latest $1 of them: the rows are found once (a
     * materialized CTE), counted, and only the examples are sorted (a top-N sort), so a check that finds a hundred
     * thousand rows neither aggregates nor sorts them all.
     */

    /**
     * Completing a session completes its assignment in the same transaction (invariant 3); this finds where not. One
     * probe per assignment that is not completed into its sessions (sessions-service V11's index), which finds nothing
     * unless the invariant was broken. OFFSET 0 keeps it a probe: planned as a join, PostgreSQL hashes the year's
     * completed sessions instead, which measured eight times slower (docs/benchmarks.md).
     */
    private static final String COMPLETED_SESSION_ASSIGNMENT_OPEN = """
            WITH found AS MATERIALIZED (
                SELECT completed.id, completed.completed_at
                  FROM inspection.assignments a
                 CROSS JOIN LATERAL (
                       SELECT s.id, s.completed_at
                         FROM inspection.sessions s
                        WHERE s.assignment_id = a.id AND s.status = 'completed'
                       OFFSET 0) AS completed
                 WHERE a.status <> 'completed')
            SELECT (SELECT count(*) FROM found) AS found,
                   ARRAY(SELECT id::text FROM found ORDER BY completed_at DESC, id LIMIT $1) AS examples""";

    private static final String IN_PROGRESS_ASSIGNMENT_WITHOUT_SESSION = """
            WITH found AS MATERIALIZED (
                SELECT a.id, a.updated_at
                  FROM inspection.assignments a
                 WHERE a.status = 'in_progress'
                   AND NOT EXISTS (SELECT 1 FROM inspection.sessions s
                                    WHERE s.id = a.session_id AND s.status IN ('active', 'paused')))
            SELECT (SELECT count(*) FROM found) AS found,
                   ARRAY(SELECT id::text FROM found ORDER BY updated_at DESC, id LIMIT $1) AS examples""";

    /**
     * A schedule follows the latest session of its assignment (HTTP contract "Status follows the sessions"): completed
     * → completed, open → in_progress, cancelled → back to scheduled. Only open schedules can lag behind; one that
     * still disagrees after the grace period (events take a moment to arrive) is drift.
     */
    private static final String SCHEDULE_STATUS_DRIFT = """
            WITH found AS MATERIALIZED (
                SELECT sc.id, sc.scheduled_for
                  FROM scheduling.schedules sc
                  JOIN inspection.assignments a ON a.schedule_id = sc.id
                 CROSS JOIN LATERAL (
                       SELECT s.status, coalesce(s.completed_at, s.cancelled_at, s.started_at) AS changed_at
                         FROM inspection.sessions s
                        WHERE s.assignment_id = a.id
                        ORDER BY s.started_at DESC
                        LIMIT 1) AS latest
                 WHERE sc.status IN ('scheduled', 'in_progress')
                   AND latest.changed_at < now() - make_interval(secs => $2)
                   AND (latest.status = 'completed'
                        OR (latest.status IN ('active', 'paused') AND sc.status = 'scheduled')
                        OR (latest.status = 'cancelled' AND sc.status = 'in_progress')))
            SELECT (SELECT count(*) FROM found) AS found,
                   ARRAY(SELECT id::text FROM found ORDER BY scheduled_for DESC, id LIMIT $1) AS examples""";

    private static final String OPEN_SESSION_UNKNOWN_DEVICE = """
            WITH found AS MATERIALIZED (
                SELECT s.id, s.started_at
                  FROM inspection.sessions s
                 WHERE s.status IN ('active', 'paused')
                   AND NOT EXISTS (SELECT 1 FROM registry.devices d WHERE d.equipment_serial = s.equipment_serial))
            SELECT (SELECT count(*) FROM found) AS found,
                   ARRAY(SELECT id::text FROM found ORDER BY started_at DESC, id LIMIT $1) AS examples""";

    /** Every service's outbox; monitoring-service's own is read by {@link AlertStore}. */
    private static final String OUTBOXES = """
            SELECT service, count(*) AS pending,
                   coalesce(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_seconds,
                   count(*) FILTER (WHERE created_at < now() - make_interval(secs => $1)) AS stale,
                   (array_agg(event_id ORDER BY created_at)
                        FILTER (WHERE created_at < now() - make_interval(secs => $1)))[1:$2] AS stale_examples
              FROM (SELECT 'sessions-service' AS service, event_id, created_at FROM inspection.outbox
                    UNION ALL
                    SELECT 'sync-service', event_id, created_at FROM registry.outbox
                    UNION ALL
                    SELECT 'schedules-service', event_id, created_at FROM scheduling.outbox) AS waiting
             GROUP BY service
             ORDER BY service""";

    private static final String SYNC_HEALTH = """
            WITH last_success AS (SELECT max(started_at) AS started_at FROM registry.sync_runs WHERE status = 'succeeded')
            SELECT (SELECT max(finished_at) FROM registry.sync_runs WHERE status = 'succeeded') AS last_succeeded_at,
                   (SELECT max(finished_at) FROM registry.sync_runs WHERE status IN ('failed', 'aborted'))
                       AS last_failed_at,
                   (SELECT count(*) FROM registry.sync_runs r, last_success
                     WHERE r.status IN ('failed', 'aborted')
                       AND (last_success.started_at IS NULL OR r.started_at > last_success.started_at))
                       AS consecutive_failures""";

    private static final String LATEST_RUNS = """
            SELECT id::text AS id, mode, trigger, status, started_at, finished_at, fetched, inserted, updated,
                   unchanged, missing, restored, deletion_suspected, rejected, error
              FROM registry.sync_runs
             ORDER BY started_at DESC, id
             LIMIT $1""";

    private final Pool audit;

    public AuditStore(@ReactiveDataSource("audit") Pool audit) {
        this.audit = audit;
    }

    public Uni<List<DuplicateSessions>> duplicateSessions() {
        return audit.preparedQuery(DUPLICATE_SESSIONS)
                .execute()
                .map(rows -> mapAll(
                        rows,
                        row -> new DuplicateSessions(
                                row.getString("equipment_serial"),
                                texts(row, "session_ids"),
                                texts(row, "inspector_ids"))));
    }

    /** True when invariant 2 is in force in the database, so that duplicate-schedules has nothing to find. */
    public Uni<Boolean> scheduleOverlapsExcluded() {
        return audit.preparedQuery(OVERLAPS_EXCLUDED)
                .execute()
                .map(rows -> rows.iterator().next().getBoolean("excluded"));
    }

    public Uni<List<DuplicateSchedules>> duplicateSchedules() {
        return audit.preparedQuery(DUPLICATE_SCHEDULES)
                .execute()
                .map(rows -> mapAll(
                        rows,
                        row -> new DuplicateSchedules(
                                row.getString("equipment_serial"),
                                texts(row, "schedule_ids"),
                                texts(row, "assignee_ids"))));
    }

    public Uni<ConsistencyCheck> completedSessionsWithOpenAssignment() {
        return check(
                "completed-session-assignment-not-completed", COMPLETED_SESSION_ASSIGNMENT_OPEN, Tuple.of(EXAMPLES));
    }

    public Uni<ConsistencyCheck> inProgressAssignmentsWithoutOpenSession() {
        return check(
                "in-progress-assignment-without-open-session",
                IN_PROGRESS_ASSIGNMENT_WITHOUT_SESSION,
                Tuple.of(EXAMPLES));
    }

    public Uni<ConsistencyCheck> scheduleStatusDrift(Duration grace) {
        return check("schedule-status-disagrees-with-session", SCHEDULE_STATUS_DRIFT, Tuple.of(EXAMPLES, (double)
                grace.toSeconds()));
    }

    public Uni<ConsistencyCheck> openSessionsOnUnknownDevices() {
        return check("open-session-on-unknown-device", OPEN_SESSION_UNKNOWN_DEVICE, Tuple.of(EXAMPLES));
    }

    /** One row per service whose outbox holds events, with those older than {@code staleAfter}. */
    public Uni<List<OutboxWaiting>> outboxes(Duration staleAfter) {
        return audit.preparedQuery(OUTBOXES)
                .execute(Tuple.of((double) staleAfter.toSeconds(), EXAMPLES))
                .map(rows -> mapAll(rows, OutboxWaiting::from));
    }

    public Uni<SyncHealth> syncHealth() {
        Uni<Row> figures = audit.preparedQuery(SYNC_HEALTH)
                .execute()
                .map(rows -> rows.iterator().next());
        Uni<List<SyncRunRow>> latest = latestRuns(20);
        return Uni.combine().all().unis(figures, latest).asTuple().map(both -> {
            Row row = both.getItem1();
            List<SyncRunRow> runs = both.getItem2();
            SyncRun running = runs.stream()
                    .filter(run -> "running".equals(run.status()))
                    .findFirst()
                    .map(SyncRunRow::asRun)
                    .orElse(null);
            SyncRun lastFinished = runs.stream()
                    .filter(run -> !"running".equals(run.status()))
                    .findFirst()
                    .map(SyncRunRow::asRun)
                    .orElse(null);
            return new SyncHealth(
                    row.getOffsetDateTime("last_succeeded_at"),
                    row.getOffsetDateTime("last_failed_at"),
                    row.getLong("consecutive_failures"),
                    lastFinished,
                    running);
        });
    }

    public Uni<List<SyncRunRow>> latestRuns(int limit) {
        return audit.preparedQuery(LATEST_RUNS).execute(Tuple.of(limit)).map(rows -> mapAll(rows, SyncRunRow::from));
    }

    /** A sync run as the summary shows it (the HTTP contract's sync run members). */
    public record SyncRunRow(
            String id,
            String mode,
            String trigger,
            String status,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            long fetched,
            long inserted,
            long updated,
            long unchanged,
            long missing,
            long restored,
            long deletionSuspected,
            long rejected,
            String error) {

        static SyncRunRow from(Row row) {
            return new SyncRunRow(
                    row.getString("id"),
                    row.getString("mode"),
                    row.getString("trigger"),
                    row.getString("status"),
                    row.getOffsetDateTime("started_at"),
                    row.getOffsetDateTime("finished_at"),
                    row.getLong("fetched"),
                    row.getLong("inserted"),
                    row.getLong("updated"),
                    row.getLong("unchanged"),
                    row.getLong("missing"),
                    row.getLong("restored"),
                    row.getLong("deletion_suspected"),
                    row.getLong("rejected"),
                    row.getString("error"));
        }

        SyncRun asRun() {
            return new SyncRun(id, mode, status, startedAt, finishedAt, error);
        }
    }

    /** A service's outbox: what waits, how old the oldest is, and what waits longer than the audit allows. */
    public record OutboxWaiting(String service, long pending, Duration oldest, long stale, List<String> staleExamples) {

        static OutboxWaiting from(Row row) {
            return new OutboxWaiting(
                    row.getString("service"),
                    row.getLong("pending"),
                    Duration.ofMillis(Math.round(row.getDouble("oldest_seconds") * 1000)),
                    row.getLong("stale"),
                    texts(row, "stale_examples"));
        }

        public OutboxLag asLag() {
            return new OutboxLag(service, pending, oldest);
        }
    }

    private Uni<ConsistencyCheck> check(String name, String sql, Tuple params) {
        return audit.preparedQuery(sql).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            return new ConsistencyCheck(name, row.getLong("found"), texts(row, "examples"));
        });
    }

    static List<String> texts(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? List.of() : Collections.unmodifiableList(Arrays.asList(values));
    }

    static <T> List<T> mapAll(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> items = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> items.add(mapper.apply(row)));
        return items;
    }
}
