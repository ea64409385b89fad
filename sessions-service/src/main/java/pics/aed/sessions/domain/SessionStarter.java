package pics.aed.sessions.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problem;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.ScopeGuard;
import pics.aed.sessions.config.SessionMetrics;
import pics.aed.sessions.events.SessionEvents;
import pics.aed.sessions.store.AssignmentStore;
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
    private final AssignmentStore assignments;
    private final Outbox outbox;
    private final SessionMetrics metrics;

    public SessionStarter(
            DeviceStore devices,
            SessionStore sessions,
            AssignmentStore assignments,
            Outbox outbox,
            SessionMetrics metrics) {
        this.devices = devices;
        this.sessions = sessions;
        this.assignments = assignments;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    public Uni<Outcome> openSessionFor(SqlConnection tx, Caller caller, String equipmentSerial) {
        return devices.findForCaller(tx, equipmentSerial, caller.id()).flatMap(found -> {
            DeviceStore.DeviceForCaller target =
                    found.orElseThrow(() -> Problems.notFound("Device " + equipmentSerial + " not found."));
            ScopeGuard.requireChangeable(caller, target.device().region(), target.assigned(), "Device");
            return insertOrJoin(tx, caller, target.device(), true);
        });
    }

    private Uni<Outcome> insertOrJoin(SqlConnection tx, Caller caller, Device device, boolean mayRetry) {
        UUID id = UUID.randomUUID();
        return sessions.insertOpen(
                        tx,
                        new SessionStore.NewSession(
                                id, device.equipmentSerial(), caller.id(), device.region(), device.snapshot()))
                .flatMap(inserted -> inserted.isPresent()
                        ? started(tx, caller, inserted.get())
                        : sessions.findOpenForUpdate(tx, device.equipmentSerial())
                                .flatMap(holder -> {
                                    if (holder.isEmpty()) {
                                        // the holder closed between our insert and our look: the device is free again
                                        if (mayRetry) {
                                            return insertOrJoin(tx, caller, device, false);
                                        }
                                        throw Problems.unavailable("The device is changing hands; retry.");
                                    }
                                    return joinOwnOrRefuse(tx, caller, holder.get());
                                }));
    }

    private Uni<Outcome> started(SqlConnection tx, Caller caller, Session session) {
        return assignments
                .startNextPending(tx, session.equipmentSerial(), caller.id(), session.id())
                .flatMap(assignment -> assignment.isPresent()
                        ? sessions.linkAssignment(tx, session.id(), assignment.get())
                        : Uni.createFrom().item(session))
                .call(linked -> outbox.append(tx, SessionEvents.started(linked)))
                .invoke(metrics::started)
                .map(linked -> new Outcome(linked, false));
    }

    private Uni<Outcome> joinOwnOrRefuse(SqlConnection tx, Caller caller, Session holder) {
        if (!holder.isHeldBy(caller.id())) {
            metrics.blocked();
            throw heldByOther(holder);
        }
        metrics.resumed();
        if (holder.status() == SessionStatus.active) {
            return Uni.createFrom().item(new Outcome(holder, true));
        }
        return sessions.resume(tx, holder.id())
                .call(resumed -> outbox.append(tx, SessionEvents.resumed(resumed)))
                .map(resumed -> new Outcome(resumed, true));
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
