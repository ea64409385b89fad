package pics.aed.sessions.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.util.UUID;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Role;
import pics.aed.sessions.store.SessionStore;

/**
 * Who may see a session: its inspector; admins in whose area the device stands; national roles. Anyone else gets a
 * 404, as if it did not exist (docs/architecture.md "Security").
 */
@Singleton
public class SessionAccess {

    private final SessionStore sessions;

    public SessionAccess(SessionStore sessions) {
        this.sessions = sessions;
    }

    public Uni<Session> read(SqlClient client, Caller caller, UUID id) {
        return sessions.find(client, id).map(found -> visible(caller, found.orElse(null)));
    }

    /** Locks the row for the rest of the transaction, so that concurrent changes to one session queue up. */
    public Uni<Session> lockForChange(SqlClient tx, Caller caller, UUID id) {
        return sessions.findForUpdate(tx, id).map(found -> visible(caller, found.orElse(null)));
    }

    public static boolean maySee(Caller caller, Session session) {
        if (session.isHeldBy(caller.id())) {
            return true;
        }
        if (caller.has(Role.INSPECTOR)
                && !caller.has(Role.LOCAL_ADMIN)
                && !caller.has(Role.REGIONAL_ADMIN)
                && !caller.isNational()) {
            return false;
        }
        return caller.maySee(session.region());
    }

    private static Session visible(Caller caller, Session session) {
        if (session == null || !maySee(caller, session)) {
            throw Problems.notFound("Session not found.");
        }
        return session;
    }

    /** For endpoints that change someone else's session: owner, or an admin who may change the device's area. */
    public static boolean mayManage(Caller caller, Session session) {
        return session.isHeldBy(caller.id())
                || (caller.has(Role.LOCAL_ADMIN) || caller.isNational()) && caller.mayChange(session.region());
    }
}
