package pics.aed.schedules.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import pics.aed.events.sessions.SessionTransition;
import pics.aed.platform.outbox.Outbox;
import pics.aed.schedules.config.SchedulesMetrics;
import pics.aed.schedules.events.ScheduleEvents;
import pics.aed.schedules.store.ScheduleStore;
import pics.aed.schedules.store.SessionViewStore;

/**
 * A schedule's status follows the session working on it (inspection.sessions.v1): started → in_progress (with the
 * session's id), completed → completed (event {@code completed}), cancelled → back to scheduled. The session names
 * its schedule ({@code scheduleId}, from its assignment); a later event finds it by session id. A change the
 * transition table does not allow (the schedule was cancelled or missed meanwhile) is left alone and counted: the
 * session's record still counts for compliance.
 */
@Singleton
public class SessionFollower {

    private static final Logger LOG = Logger.getLogger(SessionFollower.class);
    static final String SESSIONS_SERVICE = "sessions-service";

    private final ScheduleStore schedules;
    private final SessionViewStore sessions;
    private final Outbox outbox;
    private final SchedulesMetrics metrics;

    public SessionFollower(
            ScheduleStore schedules, SessionViewStore sessions, Outbox outbox, SchedulesMetrics metrics) {
        this.schedules = schedules;
        this.sessions = sessions;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** The effect of one session event (started, completed or cancelled), in the consumer's transaction. */
    public Uni<Void> follow(SqlConnection tx, SessionTransition session) {
        String status = session.statusAfter();
        if ("completed".equals(status)) {
            return completed(tx, session);
        }
        if ("cancelled".equals(status)) {
            return cancelled(tx, session);
        }
        return started(tx, session);
    }

    /**
     * A resume: a session without an assignment takes the inspector's pending one for the device when it resumes
     * (sessions-service {@code Assignments.linkPending}), so the resume may be the first event naming its schedule,
     * which then goes in_progress as on a start. Mostly the schedule is under way already: not a skip, so not counted.
     */
    public Uni<Void> resumed(SqlConnection tx, SessionTransition session) {
        UUID sessionId = UUID.fromString(session.sessionId());
        UUID scheduleId = uuidOrNull(session.scheduleId());
        return sessions.record(tx, viewOf(session, scheduleId))
                .chain(() -> startedLate(tx, session, sessionId, scheduleId))
                .replaceWithVoid();
    }

    private Uni<Void> started(SqlConnection tx, SessionTransition session) {
        UUID sessionId = UUID.fromString(session.sessionId());
        UUID scheduleId = uuidOrNull(session.scheduleId());
        return sessions.record(tx, viewOf(session, scheduleId))
                .chain(() -> scheduleId == null
                        ? Uni.createFrom().item(Optional.<Schedule>empty())
                        : schedules.startBySession(tx, scheduleId, sessionId, session.equipmentSerial()))
                .invoke(started -> outcome("in_progress", started, scheduleId, session.sessionId()))
                .replaceWithVoid();
    }

    private Uni<Void> completed(SqlConnection tx, SessionTransition session) {
        UUID sessionId = UUID.fromString(session.sessionId());
        UUID scheduleId = uuidOrNull(session.scheduleId());
        return sessions.record(tx, viewOf(session, scheduleId))
                .chain(() -> startedLate(tx, session, sessionId, scheduleId))
                .chain(() -> schedules.completeBySession(tx, sessionId))
                .invoke(done -> outcome("completed", done, scheduleId, session.sessionId()))
                .call(done -> done.isPresent()
                        ? outbox.append(tx, ScheduleEvents.completed(done.get(), SESSIONS_SERVICE))
                        : Uni.createFrom().nullItem())
                .replaceWithVoid();
    }

    /**
     * A session that started before its assignment arrived takes the pending assignment later, on a resume or only
     * when it completes (sessions-service {@code Assignments.completeFor}): its {@code started} had no scheduleId, so
     * {@code resumed} or {@code completed} is the first event naming the schedule. The schedule, if still scheduled,
     * goes in_progress with this session (on completion first, so that the completion follows the transition table
     * and finds it by session id).
     */
    private Uni<Optional<Schedule>> startedLate(
            SqlConnection tx, SessionTransition session, UUID sessionId, UUID scheduleId) {
        return scheduleId == null
                ? Uni.createFrom().item(Optional.empty())
                : schedules
                        .startBySession(tx, scheduleId, sessionId, session.equipmentSerial())
                        .invoke(started -> started.ifPresent(s -> metrics.followedSession("in_progress")));
    }

    private Uni<Void> cancelled(SqlConnection tx, SessionTransition session) {
        UUID sessionId = UUID.fromString(session.sessionId());
        return sessions.record(tx, viewOf(session, uuidOrNull(session.scheduleId())))
                .chain(() -> schedules.restoreBySession(tx, sessionId))
                .invoke(restored ->
                        outcome("scheduled", restored, uuidOrNull(session.scheduleId()), session.sessionId()))
                .replaceWithVoid();
    }

    private void outcome(String change, Optional<Schedule> changed, UUID scheduleId, String sessionId) {
        if (changed.isPresent()) {
            metrics.followedSession(change);
        } else if (scheduleId != null) {
            metrics.followedSession("skipped");
            LOG.infof(
                    "session %s: schedule %s did not become %s (not in a state that allows it)",
                    sessionId, scheduleId, change);
        }
    }

    private static SessionViewStore.SessionState viewOf(SessionTransition session, UUID scheduleId) {
        return new SessionViewStore.SessionState(
                UUID.fromString(session.sessionId()),
                session.equipmentSerial(),
                session.inspectorId(),
                session.statusAfter(),
                scheduleId,
                session.completedAt());
    }

    private static UUID uuidOrNull(String id) {
        return id == null || id.isBlank() ? null : UUID.fromString(id);
    }
}
