package pics.aed.sessions.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problem;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.ScopeGuard;
import pics.aed.sessions.config.SessionMetrics;
import pics.aed.sessions.events.SessionEvents;
import pics.aed.sessions.store.DeviceStore;
import pics.aed.sessions.store.SessionStore;

/**
 * Start-or-resume, as one race-proof path (docs/architecture.md invariant 1). The insert is the check: the partial unique index
 * lets exactly one open session exist per device, however many requests race. A request whose insert found the
 * device held locks the holder's row and decides: the caller's own session is resumed, anyone else's is a 409.
 */
@Singleton
public class SessionStarter {

    /** How a start ended: a new session, or the caller's own open one, resumed. */
    public record Outcome(Session session, boolean resumed) {}

    private final DeviceStore devices;
    private final SessionStore sessions;
    private final Assignments assignments;
    private final Outbox outbox;
    private final SessionMetrics metrics;

    public SessionStarter(
            DeviceStore devices,
            SessionStore sessions,
            Assignments assignments,
            Outbox outbox,
            SessionMetrics metrics) {
        this.devices = devices;
        this.sessions = sessions;
        this.assignments = assignments;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    public Uni<Outcome> openSessionFor(SqlConnection tx, Caller caller, String equipmentSerial) {
        return devices.findForCaller(tx, equipmentSerial, caller.id())
                .map(found -> changeableTarget(caller, equipmentSerial, found))
                .flatMap(device -> insertOrJoin(tx, caller, device, true));
    }

    private static Device changeableTarget(
            Caller caller, String equipmentSerial, Optional<DeviceStore.DeviceForCaller> found) {
        DeviceStore.DeviceForCaller target =
                found.orElseThrow(() -> Problems.notFound("Device " + equipmentSerial + " not found."));
        ScopeGuard.requireChangeable(caller, target.device().region(), target.assigned(), "Device");
        return target.device();
    }

    private Uni<Outcome> insertOrJoin(SqlConnection tx, Caller caller, Device device, boolean mayRetry) {
        SessionStore.NewSession fresh = new SessionStore.NewSession(
                UUID.randomUUID(), device.equipmentSerial(), caller.id(), device.region(), device.snapshot());
        return sessions.insertOpen(tx, fresh)
                .flatMap(inserted ->
                        inserted.isPresent() ? started(tx, inserted.get()) : joinHolder(tx, caller, device, mayRetry));
    }

    /** The insert found the device held: lock the holder and resume it if it is the caller's own. */
    private Uni<Outcome> joinHolder(SqlConnection tx, Caller caller, Device device, boolean mayRetry) {
        return sessions.findOpenForUpdate(tx, device.equipmentSerial()).flatMap(holder -> {
            if (holder.isPresent()) {
                return joinOwnOrRefuse(tx, caller, holder.get());
            }
            // the holder closed between our insert and our look: the device is free again
            if (mayRetry) {
                return insertOrJoin(tx, caller, device, false);
            }
            throw Problems.unavailable("The device is changing hands; retry.");
        });
    }

    private Uni<Outcome> started(SqlConnection tx, Session session) {
        return assignments
                .linkPending(tx, session)
                .call(linked -> outbox.append(tx, SessionEvents.started(linked)))
                .invoke(metrics::started)
                .map(linked -> new Outcome(linked, false));
    }

    /**
     * The caller's own open session becomes active again, with {@code resumedAt} and its activity refreshed (an
     * active one too: the inspector is back, so it must not go stale), and takes a pending assignment that arrived
     * while it was open. A paused one announces a resume; an active one did not change state and announces one only
     * when it took an assignment now: schedules-service learns from the events alone that the schedule has a session
     * (it follows resumed), and would leave it scheduled under the session until the completion.
     */
    private Uni<Outcome> joinOwnOrRefuse(SqlConnection tx, Caller caller, Session holder) {
        if (!holder.isHeldBy(caller.id())) {
            metrics.blocked();
            throw heldByOther(holder);
        }
        metrics.resumed();
        return sessions.resume(tx, holder.id())
                .flatMap(resumed -> assignments.linkPending(tx, resumed))
                .call(resumed -> holder.status() == SessionStatus.paused || tookAssignment(holder, resumed)
                        ? outbox.append(tx, SessionEvents.resumed(resumed))
                        : Uni.createFrom().voidItem())
                .map(resumed -> new Outcome(resumed, true));
    }

    private static boolean tookAssignment(Session before, Session after) {
        return before.assignmentId() == null && after.assignmentId() != null;
    }

    private static ProblemException heldByOther(Session holder) {
        return new ProblemException(Problem.of(
                        "session-held-by-other",
                        "Device held by another inspector",
                        409,
                        "Another inspector's " + holder.status() + " session holds this device.")
                .with("activeSessionId", holder.id().toString())
                .with("holderInspectorId", holder.inspectorId())
                .with("holderStatus", holder.status().name()));
    }
}
