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
 * Who may see and change a session (docs/architecture.md "Security"). Reading: its inspector; admins in whose area
 * the device stands; national roles; anyone else gets a 404, as if it did not exist. Changing: a session the caller
 * may read, or one on a device in the area the caller works in, is known to the caller, so that a write it may not
 * make answers 403; outside that, 404.
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

    /**
     * Locks the row for the rest of the transaction, so that concurrent changes to one session queue up. The caller
     * decides with {@link Session#isHeldBy} or {@link #mayManage} whether it may make its change (403 if not).
     */
    public Uni<Session> lockForChange(SqlClient tx, Caller caller, UUID id) {
        return sessions.findForUpdate(tx, id).map(found -> known(caller, found.orElse(null)));
    }

    /** Inspectors who are nothing more see their own work only (lists, other inspectors' sessions). */
    public static boolean seesOnlyOwnWork(Caller caller) {
        return caller.has(Role.INSPECTOR)
                && !caller.has(Role.LOCAL_ADMIN)
                && !caller.has(Role.REGIONAL_ADMIN)
                && !caller.isNational();
    }

    public static boolean maySee(Caller caller, Session session) {
        if (session.isHeldBy(caller.id())) {
            return true;
        }
        return !seesOnlyOwnWork(caller) && caller.maySee(session.region());
    }

    /** For endpoints that change someone else's session: owner, or an admin who may change the device's area. */
    public static boolean mayManage(Caller caller, Session session) {
        return session.isHeldBy(caller.id())
                || (caller.has(Role.LOCAL_ADMIN) || caller.isNational()) && caller.mayChange(session.region());
    }

    private static Session visible(Caller caller, Session session) {
        if (session == null || !maySee(caller, session)) {
            throw Problems.notFound("Session not found.");
        }
        return session;
    }

    private static Session known(Caller caller, Session session) {
        if (session == null || !(maySee(caller, session) || caller.mayChange(session.region()))) {
            throw Problems.notFound("Session not found.");
        }
        return session;
    }
}
