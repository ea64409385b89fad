package pics.aed.sessions.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import pics.aed.events.schedules.ScheduleChanged;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.SqlFilter;
import pics.aed.sessions.domain.Assignment;
import pics.aed.sessions.domain.AssignmentStatus;

/** The SQL of {@code inspection.assignments}. */
@Singleton
public class AssignmentStore {

    private static final String COLUMNS =
            "id, schedule_id, equipment_serial, assignee_id, sido, gugun, due_at, status, session_id";

    /** The caller's earliest pending assignment for the device, if any, becomes the session's. */
    private static final String START_NEXT_PENDING = """
            UPDATE assignments SET status = 'in_progress', session_id = $3, updated_at = now()
             WHERE id = (SELECT id FROM assignments
                          WHERE equipment_serial = $1 AND assignee_id = $2 AND status = 'pending'
                          ORDER BY due_at NULLS LAST, created_at LIMIT 1 FOR UPDATE)
            RETURNING id""";

    private static final String COMPLETE = """
            UPDATE assignments SET status = 'completed', updated_at = now()
             WHERE id = $1 AND status = 'in_progress' RETURNING id""";
    private static final String RESTORE = """
            UPDATE assignments SET status = 'pending', session_id = NULL, updated_at = now()
             WHERE id = $1 AND status = 'in_progress' RETURNING id""";
    /**
     * A schedule event sets the assignment's plan; its execution state (in_progress, completed) belongs to the
     * sessions and is kept, except that a cancelled or missed schedule cancels an assignment nobody started.
     */
    private static final String APPLY_SCHEDULE = """
            INSERT INTO assignments (id, schedule_id, equipment_serial, assignee_id, sido, gugun, scheduled_for,
                                     due_at, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT ON CONSTRAINT assignments_schedule_id_key DO UPDATE
               SET equipment_serial = EXCLUDED.equipment_serial, assignee_id = EXCLUDED.assignee_id,
                   sido = EXCLUDED.sido, gugun = EXCLUDED.gugun, scheduled_for = EXCLUDED.scheduled_for,
                   due_at = EXCLUDED.due_at,
                   status = CASE WHEN assignments.status = 'pending' THEN EXCLUDED.status ELSE assignments.status END,
                   updated_at = now()""";

    public record Filter(AssignmentStatus status, String assigneeId, Region area) {}

    public Uni<Optional<UUID>> startNextPending(
            SqlClient tx, String equipmentSerial, String assigneeId, UUID sessionId) {
        return tx.preparedQuery(START_NEXT_PENDING)
                .execute(Tuple.of(equipmentSerial, assigneeId, sessionId))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("id")));
    }

    public Uni<Void> complete(SqlClient tx, UUID assignmentId) {
        return assignmentId == null
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery(COMPLETE).execute(Tuple.of(assignmentId)).replaceWithVoid();
    }

    public Uni<Void> restore(SqlClient tx, UUID assignmentId) {
        return assignmentId == null
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery(RESTORE).execute(Tuple.of(assignmentId)).replaceWithVoid();
    }

    /** The assignments' effect of a schedule event ({@code inspection.schedules.v1}). */
    public Uni<Void> apply(SqlClient tx, ScheduleChanged schedule) {
        return applySchedule(
                tx,
                UUID.fromString(schedule.scheduleId()),
                schedule.equipmentSerial(),
                schedule.assigneeId(),
                new Region(schedule.sido(), schedule.gugun()),
                schedule.scheduledFor(),
                schedule.dueAt(),
                AssignmentStatus.forSchedule(schedule.status()));
    }

    public Uni<Void> applySchedule(
            SqlClient tx,
            UUID scheduleId,
            String equipmentSerial,
            String assigneeId,
            Region region,
            OffsetDateTime scheduledFor,
            OffsetDateTime dueAt,
            AssignmentStatus status) {
        return tx.preparedQuery(APPLY_SCHEDULE)
                .execute(Tuple.from(java.util.Arrays.asList(
                        UUID.randomUUID(),
                        scheduleId,
                        equipmentSerial,
                        assigneeId,
                        region.sido(),
                        region.gugun(),
                        scheduledFor,
                        dueAt,
                        status.name())))
                .replaceWithVoid();
    }

    public Uni<Page<Assignment>> list(SqlClient client, Filter filter, PageRequest page) {
        SqlFilter where = new SqlFilter()
                .equalTo(
                        "status",
                        filter.status() == null ? null : filter.status().name())
                .equalTo("assignee_id", filter.assigneeId())
                .equalTo("sido", filter.area() == null ? null : filter.area().sido())
                .equalTo("gugun", filter.area() == null ? null : filter.area().gugun());
        return where.page(client, COLUMNS, "assignments", "created_at DESC, id", page, AssignmentStore::map);
    }

    private static Assignment map(Row row) {
        return new Assignment(
                row.getUUID("id"),
                row.getUUID("schedule_id"),
                row.getString("equipment_serial"),
                row.getString("assignee_id"),
                row.getString("sido"),
                row.getString("gugun"),
                row.getOffsetDateTime("due_at"),
                AssignmentStatus.valueOf(row.getString("status")),
                row.getUUID("session_id"));
    }
}
