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
 * owning services' V10 migrations (docs/benchmarks.md "monitoring audits").
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
     * Two non-cancelled schedules of a device less than 30 minutes apart are neighbours in time order, so comparing
     * each with the one before finds every conflict in one ordered pass.
     */
    private static final String DUPLICATE_SCHEDULES = """
            WITH ordered AS (
                SELECT id, equipment_serial, assignee_id, scheduled_for,
                       lag(id) OVER by_time AS previous_id,
                       lag(assignee_id) OVER by_time AS previous_assignee_id,
                       lag(scheduled_for) OVER by_time AS previous_for
                  FROM scheduling.schedules
                 WHERE status <> 'cancelled'
                WINDOW by_time AS (PARTITION BY equipment_serial ORDER BY scheduled_for, id))
            SELECT equipment_serial,
                   array_agg(DISTINCT pair.id::text) AS schedule_ids,
                   array_agg(DISTINCT pair.assignee_id) AS assignee_ids
              FROM ordered
             CROSS JOIN LATERAL (VALUES (ordered.id, ordered.assignee_id),
                                        (ordered.previous_id, ordered.previous_assignee_id)) AS pair (id, assignee_id)
             WHERE ordered.scheduled_for - ordered.previous_for < interval '30 minutes'
             GROUP BY equipment_serial
             ORDER BY equipment_serial""";

    /** Completing a session completes its assignment in the same transaction (invariant 3); this finds where not. */
    private static final String COMPLETED_SESSION_ASSIGNMENT_OPEN = """
            SELECT count(*) AS found, (array_agg(s.id::text ORDER BY s.completed_at DESC))[1:$1] AS examples
              FROM inspection.assignments a
              JOIN inspection.sessions s ON s.assignment_id = a.id
             WHERE a.status <> 'completed' AND s.status = 'completed'""";

    private static final String IN_PROGRESS_ASSIGNMENT_WITHOUT_SESSION = """
            SELECT count(*) AS found, (array_agg(a.id::text ORDER BY a.updated_at DESC))[1:$1] AS examples
              FROM inspection.assignments a
             WHERE a.status = 'in_progress'
               AND NOT EXISTS (SELECT 1 FROM inspection.sessions s
                                WHERE s.id = a.session_id AND s.status IN ('active', 'paused'))""";

    /**
     * A schedule follows the latest session of its assignment (HTTP contract "Status follows the sessions"): completed
     * → completed, open → in_progress, cancelled → back to scheduled. Only open schedules can lag behind; one that
     * still disagrees after the grace period (events take a moment to arrive) is drift.
     */
    private static final String SCHEDULE_STATUS_DRIFT = """
            SELECT count(*) AS found, (array_agg(sc.id::text ORDER BY sc.scheduled_for DESC))[1:$1] AS examples
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
                    OR (latest.status = 'cancelled' AND sc.status = 'in_progress'))""";

    private static final String OPEN_SESSION_UNKNOWN_DEVICE = """
            SELECT count(*) AS found, (array_agg(s.id::text ORDER BY s.started_at DESC))[1:$1] AS examples
              FROM inspection.sessions s
             WHERE s.status IN ('active', 'paused')
               AND NOT EXISTS (SELECT 1 FROM registry.devices d WHERE d.equipment_serial = s.equipment_serial)""";

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
