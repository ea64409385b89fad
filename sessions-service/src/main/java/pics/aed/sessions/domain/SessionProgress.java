package pics.aed.sessions.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.sessions.events.SessionEvents;
import pics.aed.sessions.store.SessionStore;

/** Save progress, pause, resume: only the session's inspector, row-locked, optionally guarded by a version. */
@Singleton
public class SessionProgress {

    private final SessionAccess access;
    private final SessionStore sessions;
    private final Outbox outbox;

    public SessionProgress(SessionAccess access, SessionStore sessions, Outbox outbox) {
        this.access = access;
        this.sessions = sessions;
        this.outbox = outbox;
    }

    /**
     * @param expectedVersion from {@code If-Match}, or null
     * @param currentStep     null to keep
     * @param stepData        top-level keys to replace, or null
     * @param status          {@code active} or {@code paused}, or null to keep
     */
    public Uni<Session> save(
            SqlConnection tx,
            Caller caller,
            UUID id,
            Long expectedVersion,
            Integer currentStep,
            JsonObject stepData,
            SessionStatus status) {
        return access.lockForChange(tx, caller, id)
                .invoke(session -> requireChangeableBy(caller, session, expectedVersion))
                .flatMap(session -> {
                    SessionStatus next = status == null ? session.status() : status;
                    // saving progress keeps the status, which only an open session may do
                    if (!session.status().isOpen() || next != session.status()) {
                        session.status().requireTransitionTo(next);
                    }
                    return sessions.saveProgress(tx, id, currentStep, stepData, next)
                            .call(saved -> announceStatusChange(tx, session.status(), saved));
                });
    }

    private static void requireChangeableBy(Caller caller, Session session, Long expectedVersion) {
        if (!session.isHeldBy(caller.id())) {
            throw Problems.forbidden("Only the session's inspector may change its progress.");
        }
        if (expectedVersion != null && expectedVersion != session.version()) {
            throw Problems.versionConflict(expectedVersion, session.version());
        }
    }

    /** A pause or a resume is an event; saving progress is not. */
    private Uni<Void> announceStatusChange(SqlConnection tx, SessionStatus before, Session saved) {
        if (saved.status() == before) {
            return Uni.createFrom().voidItem();
        }
        return outbox.append(
                        tx,
                        saved.status() == SessionStatus.paused
                                ? SessionEvents.paused(saved)
                                : SessionEvents.resumed(saved))
                .replaceWithVoid();
    }
}
