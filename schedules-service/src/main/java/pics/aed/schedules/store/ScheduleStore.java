package pics.aed.schedules.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.SqlFilter;
import pics.aed.schedules.domain.Priority;
import pics.aed.schedules.domain.Schedule;
import pics.aed.schedules.domain.ScheduleStatus;

/** The SQL of {@code scheduling.schedules}. Methods that change take the transaction's connection. */
@Singleton
public class ScheduleStore {

    static final String COLUMNS = """
            id, equipment_serial, sido, gugun, assignee_id, scheduled_for, due_at, priority, notes, status, plan_id,
            session_id, cancel_reason, created_by, created_at, updated_at, version""";

    /**
     * The slot is [t − 15 min, t + 15 min), stored (invariant 2). Invariant 2 decides: a time less than 30 minutes from another live schedule of the device fails with 23P01. */
    private static final String INSERT = """
            INSERT INTO schedules (id, scheduled_for, slot, equipment_serial, sido, gugun, assignee_id, due_at, priority,
                                   notes, created_by)
            VALUES ($1, $2, tstzrange($2::timestamptz - interval '15 minutes', $2::timestamptz + interval '15 minutes',
                                      '[)'), $3, $4, $5, $6, $7, $8, $9, $10)
            RETURNING\s""" + COLUMNS;

    /** The same constraint decides a move: a reschedule into another schedule's window fails with 23P01. */
    private static final String REPLAN = """
            UPDATE schedules SET scheduled_for = $2,
                   slot = tstzrange($2::timestamptz - interval '15 minutes', $2::timestamptz + interval '15 minutes', '[)'),
                   due_at = $3, assignee_id = $4, priority = $5,
                   notes = $6, updated_at = now(), version = version + 1
             WHERE id = $1 AND status = 'scheduled'
            RETURNING\s""" + COLUMNS;

    private static final String CANCEL = """
            UPDATE schedules SET status = 'cancelled', cancel_reason = $2, updated_at = now(), version = version + 1
             WHERE id = $1 AND status IN ('scheduled', 'in_progress')
            RETURNING\s""" + COLUMNS;

    /**
     * Writers of one device's windows take turns: two transactions inserting overlapping slots at once would each
     * wait for the other on the exclusion check, which PostgreSQL breaks by aborting one with a deadlock (40P01).
     * Queued, the second finds the first committed and gets its 23P01. The constraint still decides.
     */
    private static final String LOCK_WINDOWS_OF_DEVICE =
            "SELECT pg_advisory_xact_lock(hashtextextended('aedpics.scheduling.windows.' || $1, 0))";

    private static final String FIND = "SELECT " + COLUMNS + " FROM schedules WHERE id = $1";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

    /** After the constraint refused a time: which live schedule holds the window (the nearest, if several). */
    private static final String HOLDER_OF_WINDOW = """
            SELECT id, scheduled_for FROM schedules
             WHERE equipment_serial = $1 AND status <> 'cancelled' AND slot && tstzrange($2::timestamptz - interval '15 minutes',
                                                                             $2::timestamptz + interval '15 minutes', '[)')
               AND ($3::uuid IS NULL OR id <> $3)
             ORDER BY abs(extract(epoch FROM scheduled_for - $2::timestamptz)), id LIMIT 1""";

    /** Overdue schedules, a batch at a time; SKIP LOCKED so that a schedule being changed is left for the next run. */
    private static final String MARK_MISSED = """
            UPDATE schedules SET status = 'missed', updated_at = now(), version = version + 1
             WHERE id IN (SELECT id FROM schedules WHERE status = 'scheduled' AND due_at < now()
                           ORDER BY due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS;

    private static final String CANCEL_FUTURE_OF_DEVICE = """
            UPDATE schedules SET status = 'cancelled', cancel_reason = $2, updated_at = now(), version = version + 1
             WHERE equipment_serial = $1 AND status = 'scheduled' AND scheduled_for > now()
            RETURNING\s""" + COLUMNS;

    private static final String START_BY_SESSION = """
            UPDATE schedules SET status = 'in_progress', session_id = $2, updated_at = now(), version = version + 1
             WHERE id = $1 AND equipment_serial = $3 AND status = 'scheduled'
            RETURNING\s""" + COLUMNS;

    private static final String COMPLETE_BY_SESSION = """
            UPDATE schedules SET status = 'completed', updated_at = now(), version = version + 1
             WHERE session_id = $1 AND status = 'in_progress'
            RETURNING\s""" + COLUMNS;

    private static final String RESTORE_BY_SESSION = """
            UPDATE schedules SET status = 'scheduled', session_id = NULL, updated_at = now(), version = version + 1
             WHERE session_id = $1 AND status = 'in_progress'
            RETURNING\s""" + COLUMNS;

    public record NewSchedule(
            UUID id,
            String equipmentSerial,
            Region region,
            String assigneeId,
            OffsetDateTime scheduledFor,
            OffsetDateTime dueAt,
            Priority priority,
            String notes,
            String createdBy) {}

    /** What a PATCH leaves: every plannable field, the unchanged ones copied from the locked row. */
    public record Replan(
            OffsetDateTime scheduledFor, OffsetDateTime dueAt, String assigneeId, Priority priority, String notes) {}

    /** The live schedule holding a window. */
    public record WindowHolder(UUID id, OffsetDateTime scheduledFor) {}

    public record Filter(
            String equipmentSerial,
            String assigneeId,
            ScheduleStatus status,
            UUID planId,
            OffsetDateTime from,
            OffsetDateTime to,
            String sido,
            String gugun) {}

    /** Until the transaction ends; call before {@link #insert} or {@link #replan} of the device. */
    public Uni<Void> lockWindowsOf(SqlClient tx, String equipmentSerial) {
        return tx.preparedQuery(LOCK_WINDOWS_OF_DEVICE)
                .execute(Tuple.of(equipmentSerial))
                .replaceWithVoid();
    }

    /** @throws io.vertx.pgclient.PgException SQLSTATE 23P01 when the time is within another schedule's window */
    public Uni<Schedule> insert(SqlClient tx, NewSchedule schedule) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.from(Arrays.asList(
                        schedule.id(),
                        schedule.scheduledFor(),
                        schedule.equipmentSerial(),
                        schedule.region().sido(),
                        schedule.region().gugun(),
                        schedule.assigneeId(),
                        schedule.dueAt(),
                        schedule.priority().name(),
                        schedule.notes(),
                        schedule.createdBy())))
                .map(ScheduleStore::only);
    }

    /** @throws io.vertx.pgclient.PgException SQLSTATE 23P01 when the new time is within another schedule's window */
    public Uni<Schedule> replan(SqlClient tx, UUID id, Replan replan) {
        return tx.preparedQuery(REPLAN)
                .execute(Tuple.from(Arrays.asList(
                        id,
                        replan.scheduledFor(),
                        replan.dueAt(),
                        replan.assigneeId(),
                        replan.priority().name(),
                        replan.notes())))
                .map(ScheduleStore::only);
    }

    public Uni<Schedule> cancel(SqlClient tx, UUID id, String reason) {
        return tx.preparedQuery(CANCEL).execute(Tuple.of(id, reason)).map(ScheduleStore::only);
    }

    public Uni<Optional<Schedule>> find(SqlClient client, UUID id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id)).map(ScheduleStore::first);
    }

    public Uni<Optional<Schedule>> findForUpdate(SqlClient tx, UUID id) {
        return tx.preparedQuery(FIND_FOR_UPDATE).execute(Tuple.of(id)).map(ScheduleStore::first);
    }

    public Uni<Optional<WindowHolder>> holderOfWindow(
            SqlClient client, String equipmentSerial, OffsetDateTime scheduledFor, UUID except) {
        return client.preparedQuery(HOLDER_OF_WINDOW)
                .execute(Tuple.of(equipmentSerial, scheduledFor, except))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(holder(rows.iterator().next())));
    }

    public Uni<List<Schedule>> markMissed(SqlClient tx, int limit) {
        return tx.preparedQuery(MARK_MISSED).execute(Tuple.of(limit)).map(ScheduleStore::all);
    }

    public Uni<List<Schedule>> cancelFutureOfDevice(SqlClient tx, String equipmentSerial, String reason) {
        return tx.preparedQuery(CANCEL_FUTURE_OF_DEVICE)
                .execute(Tuple.of(equipmentSerial, reason))
                .map(ScheduleStore::all);
    }

    /** @return the schedule now in progress, or empty when it is not (or no longer) scheduled */
    public Uni<Optional<Schedule>> startBySession(SqlClient tx, UUID scheduleId, UUID sessionId, String serial) {
        return tx.preparedQuery(START_BY_SESSION)
                .execute(Tuple.of(scheduleId, sessionId, serial))
                .map(ScheduleStore::first);
    }

    public Uni<Optional<Schedule>> completeBySession(SqlClient tx, UUID sessionId) {
        return tx.preparedQuery(COMPLETE_BY_SESSION)
                .execute(Tuple.of(sessionId))
                .map(ScheduleStore::first);
    }

    public Uni<Optional<Schedule>> restoreBySession(SqlClient tx, UUID sessionId) {
        return tx.preparedQuery(RESTORE_BY_SESSION).execute(Tuple.of(sessionId)).map(ScheduleStore::first);
    }

    /**
     * @param viewer      whose list: its area, or with {@code ownWorkOnly} the schedules assigned to it
     * @param ownWorkOnly an inspector's list: what is assigned to them, wherever it is
     */
    public Uni<Page<Schedule>> list(
            SqlClient client, Caller viewer, boolean ownWorkOnly, Filter filter, PageRequest page) {
        SqlFilter where = ownWorkOnly
                ? SqlFilter.where("assignee_id", viewer.id())
                : SqlFilter.visibleTo(viewer, "sido", "gugun");
        where.equalToIfGiven("equipment_serial", filter.equipmentSerial())
                .equalToIfGiven("assignee_id", filter.assigneeId())
                .equalToIfGiven(
                        "status",
                        filter.status() == null ? null : filter.status().name())
                .equalToIfGiven("plan_id", filter.planId())
                .atLeastIfGiven("scheduled_for", filter.from())
                .beforeIfGiven("scheduled_for", filter.to())
                .equalToIfGiven("sido", filter.sido())
                .equalToIfGiven("gugun", filter.gugun());
        return where.page(client, COLUMNS, "schedules", "scheduled_for, id", page, ScheduleStore::map);
    }

    private static WindowHolder holder(Row row) {
        return new WindowHolder(row.getUUID("id"), row.getOffsetDateTime("scheduled_for"));
    }

    private static Optional<Schedule> first(RowSet<Row> rows) {
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(map(rows.iterator().next()));
    }

    /** For statements whose row the transaction holds locked: no row is a bug, never a silent success. */
    private static Schedule only(RowSet<Row> rows) {
        return first(rows).orElseThrow(() -> new IllegalStateException("schedule row vanished inside its transaction"));
    }

    private static List<Schedule> all(RowSet<Row> rows) {
        List<Schedule> schedules = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> schedules.add(map(row)));
        return schedules;
    }

    static Schedule map(Row row) {
        return new Schedule(
                row.getUUID("id"),
                row.getString("equipment_serial"),
                new Region(row.getString("sido"), row.getString("gugun")),
                row.getString("assignee_id"),
                row.getOffsetDateTime("scheduled_for"),
                row.getOffsetDateTime("due_at"),
                Priority.valueOf(row.getString("priority")),
                row.getString("notes"),
                ScheduleStatus.valueOf(row.getString("status")),
                row.getUUID("plan_id"),
                row.getUUID("session_id"),
                row.getString("cancel_reason"),
                row.getString("created_by"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"),
                row.getLong("version"));
    }
}
