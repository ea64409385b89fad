package pics.aed.sessions.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import pics.aed.events.schedules.ScheduleChanged;
import pics.aed.sessions.config.SessionMetrics;
import pics.aed.sessions.store.AssignmentStore;
import pics.aed.sessions.store.SessionStore;

/**
 * What sessions and schedules do to assignments (the HTTP contract "Assignments"), always in the caller's
 * transaction. No update is ever silently skipped: one that must change a row and finds none fails the transaction
 * ({@link AssignmentUpdateMissed}: rolled back, logged, counted), because a lost assignment update is how a device
 * goes uninspected without anyone noticing.
 */
@Singleton
public class Assignments {

    private static final Logger LOG = Logger.getLogger(Assignments.class);

    private final AssignmentStore assignments;
    private final SessionStore sessions;
    private final SessionMetrics metrics;

    public Assignments(AssignmentStore assignments, SessionStore sessions, SessionMetrics metrics) {
        this.assignments = assignments;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /** An update that should have changed an assignment changed nothing; its transaction must not commit. */
    public static final class AssignmentUpdateMissed extends IllegalStateException {
        AssignmentUpdateMissed(String message) {
            super(message);
        }
    }

    /**
     * On start and on resume: a session without an assignment takes the inspector's earliest pending assignment for
     * the device, if any (it may have arrived while the session was open).
     */
    public Uni<Session> linkPending(SqlClient tx, Session session) {
        if (session.assignmentId() != null) {
            return Uni.createFrom().item(session);
        }
        return assignments
                .takeNextPending(
                        tx,
                        session.equipmentSerial(),
                        session.inspectorId(),
                        session.id(),
                        AssignmentStatus.in_progress)
                .flatMap(taken -> link(tx, session, taken));
    }

    /**
     * On completion: the session's assignment is completed; a session without one completes the inspector's pending
     * assignment for the device as it is now (a schedule that arrived while the session was open counts).
     */
    public Uni<Session> completeFor(SqlClient tx, Session session) {
        if (session.assignmentId() == null) {
            return assignments
                    .takeNextPending(
                            tx,
                            session.equipmentSerial(),
                            session.inspectorId(),
                            session.id(),
                            AssignmentStatus.completed)
                    .flatMap(taken -> link(tx, session, taken));
        }
        return assignments
                .completeLinked(tx, session.assignmentId(), session.id())
                .invoke(changed -> requireOne(changed, "complete", session))
                .replaceWith(session);
    }

    /**
     * On cancel (by a user or as stale): the session's assignment is open again while its schedule is live, and ends
     * cancelled when the schedule ended meanwhile.
     *
     * @return the status the assignment ended in, or empty when the session had none
     */
    public Uni<Optional<AssignmentStatus>> releaseFor(SqlClient tx, Session session) {
        if (session.assignmentId() == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return assignments
                .releaseLinked(tx, session.assignmentId(), session.id())
                .invoke(released -> requireOne(released.isPresent() ? 1 : 0, "release", session));
    }

    /**
     * A schedule event ({@code inspection.schedules.v1}): creates or updates the assignee's assignment. A pending
     * assignment follows the schedule (completed and cancelled or missed schedules close it); one a session works on
     * keeps its state until the session ends, which then reads the schedule's status.
     */
    public Uni<Void> applySchedule(SqlClient tx, ScheduleChanged schedule) {
        AssignmentStore.Planned planned = new AssignmentStore.Planned(
                UUID.fromString(schedule.scheduleId()),
                schedule.equipmentSerial(),
                schedule.assigneeId(),
                schedule.sido(),
                schedule.gugun(),
                schedule.scheduledFor(),
                schedule.dueAt(),
                statusFor(schedule.status()),
                schedule.status());
        return assignments
                .applySchedule(tx, planned)
                .invoke(changed -> requireOne(changed, "schedule", schedule.scheduleId()))
                .replaceWithVoid();
    }

    /** What a pending assignment becomes when its schedule is in {@code scheduleStatus}. */
    public static AssignmentStatus statusFor(String scheduleStatus) {
        return switch (scheduleStatus) {
            case "scheduled", "in_progress" -> AssignmentStatus.pending;
            case "completed" -> AssignmentStatus.completed;
            case "cancelled", "missed" -> AssignmentStatus.cancelled;
            default -> throw new IllegalArgumentException("unknown schedule status '" + scheduleStatus + "'");
        };
    }

    private Uni<Session> link(SqlClient tx, Session session, Optional<UUID> assignment) {
        return assignment.isPresent()
                ? sessions.linkAssignment(tx, session.id(), assignment.get())
                : Uni.createFrom().item(session);
    }

    private void requireOne(int changed, String update, Session session) {
        requireOne(changed, update, "assignment " + session.assignmentId() + " of session " + session.id());
    }

    private void requireOne(int changed, String update, String what) {
        if (changed != 1) {
            metrics.assignmentUpdateMissed(update);
            String message = update + " of " + what + " changed " + changed + " rows instead of 1; rolled back";
            LOG.error(message);
            throw new AssignmentUpdateMissed(message);
        }
    }
}
