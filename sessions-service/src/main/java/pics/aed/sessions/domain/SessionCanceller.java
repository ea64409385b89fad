package pics.aed.sessions.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.sessions.config.SessionMetrics;
import pics.aed.sessions.events.SessionEvents;
import pics.aed.sessions.store.AssignmentStore;
import pics.aed.sessions.store.SessionStore;

/** Cancels a session and puts its assignment back to pending, in one transaction (docs/architecture.md invariant 3). */
@Singleton
public class SessionCanceller {

    public static final String STALE_REASON = "stale";

    private final SessionAccess access;
    private final SessionStore sessions;
    private final AssignmentStore assignments;
    private final Outbox outbox;
    private final SessionMetrics metrics;

    public SessionCanceller(
            SessionAccess access,
            SessionStore sessions,
            AssignmentStore assignments,
            Outbox outbox,
            SessionMetrics metrics) {
        this.access = access;
        this.sessions = sessions;
        this.assignments = assignments;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** The owner, or a local-admin/master in scope. */
    public Uni<Session> cancel(SqlConnection tx, Caller caller, UUID sessionId, String reason) {
        return access.lockForChange(tx, caller, sessionId)
                .flatMap(session -> {
                    if (!SessionAccess.mayManage(caller, session)) {
                        throw Problems.forbidden("Only the session's inspector or an admin of its area may cancel it.");
                    }
                    return cancelLocked(tx, session, reason);
                })
                .invoke(metrics::cancelled);
    }

    /** For the stale-session job: cancels if the session is still open and still idle, else does nothing. */
    public Uni<Boolean> cancelIfStillIdle(SqlConnection tx, UUID sessionId, long idleSeconds) {
        return tx.preparedQuery("SELECT last_activity_at < now() - make_interval(secs => $2) AS idle FROM sessions"
                        + " WHERE id = $1 AND status IN ('active', 'paused') FOR UPDATE")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(sessionId, (double) idleSeconds))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0 || !rows.iterator().next().getBoolean("idle")) {
                        return Uni.createFrom().item(false);
                    }
                    return sessions.find(tx, sessionId)
                            .flatMap(session -> cancelLocked(tx, session.orElseThrow(), STALE_REASON))
                            .invoke(metrics::staleCancelled)
                            .replaceWith(true);
                });
    }

    private Uni<Session> cancelLocked(SqlConnection tx, Session session, String reason) {
        session.status().requireTransitionTo(SessionStatus.cancelled);
        return sessions.cancel(tx, session.id(), reason)
                .call(cancelled -> assignments.restore(tx, cancelled.assignmentId()))
                .call(cancelled -> outbox.append(tx, SessionEvents.cancelled(cancelled)));
    }
}
