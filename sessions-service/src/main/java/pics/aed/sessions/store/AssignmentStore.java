package pics.aed.sessions.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import pics.aed.platform.security.Caller;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.SqlFilter;
import pics.aed.sessions.domain.Assignment;
import pics.aed.sessions.domain.AssignmentStatus;
import pics.aed.sessions.domain.SessionAccess;

/**
 * The SQL of {@code inspection.assignments}. Updates report how many rows they changed (or which row), so that the
 * domain can tell an expected "nothing to do" from an update that silently missed its row.
 */
@Singleton
public class AssignmentStore {

    private static final String COLUMNS =
            "id, schedule_id, equipment_serial, assignee_id, sido, gugun, due_at, status, session_id";

    /** The assignee's earliest pending assignment for the device, if any, moves to {@code $4} for the session. */
    private static final String TAKE_NEXT_PENDING = """
            UPDATE assignments SET status = $4, session_id = $3, updated_at = now()
             WHERE id = (SELECT id FROM assignments
                          WHERE equipment_serial = $1 AND assignee_id = $2 AND status = 'pending'
                          ORDER BY due_at NULLS LAST, created_at LIMIT 1 FOR UPDATE)
            RETURNING id""";

    private static final String COMPLETE_LINKED = """
            UPDATE assignments SET status = 'completed', updated_at = now()
             WHERE id = $1 AND session_id = $2 AND status = 'in_progress'""";

    /**
     * The session ended without an inspection: the assignment is open again while its schedule is live (or unknown,
     * for assignments older than the column), and ends cancelled when the schedule has ended meanwhile.
     */
    private static final String RELEASE_LINKED = """
            UPDATE assignments
               SET status = CASE WHEN schedule_status IS NULL OR schedule_status IN ('scheduled', 'in_progress')
                                 THEN 'pending' ELSE 'cancelled' END,
                   session_id = CASE WHEN schedule_status IS NULL OR schedule_status IN ('scheduled', 'in_progress')
                                     THEN NULL ELSE session_id END,
                   updated_at = now()
             WHERE id = $1 AND session_id = $2 AND status = 'in_progress'
            RETURNING status""";

    /**
     * A schedule event sets the assignment's plan and remembers the schedule's status. The execution state belongs
     * to the sessions: an assignment a session works on (in_progress) keeps its status; a pending one follows the
     * schedule ({@code $9}: pending, completed or cancelled).
     */
    private static final String APPLY_SCHEDULE = """
            INSERT INTO assignments (id, schedule_id, equipment_serial, assignee_id, sido, gugun, scheduled_for,
                                     due_at, status, schedule_status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT ON CONSTRAINT assignments_schedule_id_key DO UPDATE
               SET equipment_serial = EXCLUDED.equipment_serial, assignee_id = EXCLUDED.assignee_id,
                   sido = EXCLUDED.sido, gugun = EXCLUDED.gugun, scheduled_for = EXCLUDED.scheduled_for,
                   due_at = EXCLUDED.due_at, schedule_status = EXCLUDED.schedule_status,
                   status = CASE WHEN assignments.status = 'pending' THEN EXCLUDED.status ELSE assignments.status END,
                   updated_at = now()""";

    public record Filter(AssignmentStatus status, Caller viewer) {}

    /** A schedule's assignment as its event describes it. */
    public record Planned(
            UUID scheduleId,
            String equipmentSerial,
            String assigneeId,
            String sido,
            String gugun,
            OffsetDateTime scheduledFor,
            OffsetDateTime dueAt,
            AssignmentStatus status,
            String scheduleStatus) {}

    /** @return the assignment that moved to {@code status} for the session, or empty when none was pending */
    public Uni<Optional<UUID>> takeNextPending(
            SqlClient tx, String equipmentSerial, String assigneeId, UUID sessionId, AssignmentStatus status) {
        return tx.preparedQuery(TAKE_NEXT_PENDING)
                .execute(Tuple.of(equipmentSerial, assigneeId, sessionId, status.name()))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("id")));
    }

    /** @return how many rows were completed (1 unless the assignment left the session behind its back) */
    public Uni<Integer> completeLinked(SqlClient tx, UUID assignmentId, UUID sessionId) {
        return tx.preparedQuery(COMPLETE_LINKED)
                .execute(Tuple.of(assignmentId, sessionId))
                .map(RowSet::rowCount);
    }

    /** @return the status the assignment ended in, or empty when no row was released */
    public Uni<Optional<AssignmentStatus>> releaseLinked(SqlClient tx, UUID assignmentId, UUID sessionId) {
        return tx.preparedQuery(RELEASE_LINKED)
                .execute(Tuple.of(assignmentId, sessionId))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(
                                AssignmentStatus.valueOf(rows.iterator().next().getString("status"))));
    }

    /** @return how many rows were inserted or updated (always 1 for an upsert that worked) */
    public Uni<Integer> applySchedule(SqlClient tx, Planned planned) {
        return tx.preparedQuery(APPLY_SCHEDULE)
                .execute(Tuple.from(Arrays.asList(
                        UUID.randomUUID(),
                        planned.scheduleId(),
                        planned.equipmentSerial(),
                        planned.assigneeId(),
                        planned.sido(),
                        planned.gugun(),
                        planned.scheduledFor(),
                        planned.dueAt(),
                        planned.status().name(),
                        planned.scheduleStatus())))
                .map(RowSet::rowCount);
    }

    public Uni<Page<Assignment>> list(SqlClient client, Filter filter, PageRequest page) {
        SqlFilter where = SessionAccess.seesOnlyOwnWork(filter.viewer())
                ? SqlFilter.where("assignee_id", filter.viewer().id())
                : SqlFilter.visibleTo(filter.viewer(), "sido", "gugun");
        where.equalToIfGiven(
                "status", filter.status() == null ? null : filter.status().name());
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
