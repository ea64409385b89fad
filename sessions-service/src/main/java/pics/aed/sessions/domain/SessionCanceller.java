package pics.aed.sessions.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.sessions.config.SessionMetrics;
import pics.aed.sessions.events.SessionEvents;
import pics.aed.sessions.store.SessionStore;

/**
 * Cancels a session and releases its assignment (open again while its schedule is live, else cancelled), in one
 * transaction (docs/architecture.md invariant 3).
 */
@Singleton
public class SessionCanceller {

    public static final String STALE_REASON = "stale";

    private final SessionAccess access;
    private final SessionStore sessions;
    private final Assignments assignments;
    private final Outbox outbox;
    private final SessionMetrics metrics;

    public SessionCanceller(
            SessionAccess access,
            SessionStore sessions,
            Assignments assignments,
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
                .invoke(session -> requireManager(caller, session))
                .flatMap(session -> cancelLocked(tx, session, reason))
                .invoke(metrics::cancelled);
    }

    /** For the stale-session job: cancels if the session is still open and still idle, else does nothing. */
    public Uni<Boolean> cancelIfStillIdle(SqlConnection tx, UUID sessionId, SessionStore.IdleLimits limits) {
        return sessions.lockIfIdle(tx, sessionId, limits).flatMap(idle -> cancelStale(tx, idle));
    }

    private Uni<Boolean> cancelStale(SqlConnection tx, Optional<Session> idle) {
        if (idle.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return cancelLocked(tx, idle.get(), STALE_REASON)
                .invoke(metrics::staleCancelled)
                .replaceWith(true);
    }

    private static void requireManager(Caller caller, Session session) {
        if (!SessionAccess.mayManage(caller, session)) {
            throw Problems.forbidden("Only the session's inspector or an admin of its area may cancel it.");
        }
    }

    private Uni<Session> cancelLocked(SqlConnection tx, Session session, String reason) {
        session.status().requireTransitionTo(SessionStatus.cancelled);
        return assignments
                .releaseFor(tx, session)
                .flatMap(released -> sessions.cancel(tx, session.id(), reason))
                .call(cancelled -> outbox.append(tx, SessionEvents.cancelled(cancelled)));
    }
}
