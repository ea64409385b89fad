package pics.aed.sessions.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.sessions.config.SessionMetrics;
import pics.aed.sessions.events.SessionEvents;
import pics.aed.sessions.store.DeviceStore;
import pics.aed.sessions.store.InspectionStore;
import pics.aed.sessions.store.SessionStore;

/**
 * Completes a session (docs/architecture.md invariant 3): in the caller's transaction, the inspector's assignment
 * for the device is completed, the inspection record created, the session completed and the event written; a
 * failure anywhere rolls all of it back. The session's row lock makes a concurrent second complete wait, see
 * "completed" and answer 409; the unique session id on inspections makes a second record impossible even so.
 */
@Singleton
public class SessionCompleter {

    private final SessionAccess access;
    private final SessionStore sessions;
    private final InspectionStore inspections;
    private final Assignments assignments;
    private final DeviceStore devices;
    private final Outbox outbox;
    private final SessionMetrics metrics;
    private final ObjectMapper json;

    public SessionCompleter(
            SessionAccess access,
            SessionStore sessions,
            InspectionStore inspections,
            Assignments assignments,
            DeviceStore devices,
            Outbox outbox,
            SessionMetrics metrics,
            ObjectMapper json) {
        this.access = access;
        this.sessions = sessions;
        this.inspections = inspections;
        this.assignments = assignments;
        this.devices = devices;
        this.outbox = outbox;
        this.metrics = metrics;
        this.json = json;
    }

    public record Completed(Session session, Inspection inspection) {}

    public Uni<Completed> complete(SqlConnection tx, Caller caller, UUID sessionId, InspectionResult result) {
        return access.lockForChange(tx, caller, sessionId)
                .invoke(session -> requireCompletableBy(caller, session))
                .flatMap(session -> assignments.completeFor(tx, session))
                .flatMap(session -> record(tx, session, result))
                .call(done -> outbox.append(tx, SessionEvents.completed(done.session(), done.inspection())))
                .invoke(metrics::completed);
    }

    private static void requireCompletableBy(Caller caller, Session session) {
        if (!session.isHeldBy(caller.id())) {
            throw Problems.forbidden("Only the session's inspector may complete it.");
        }
        session.status().requireTransitionTo(SessionStatus.completed);
    }

    /** The inspection, judged against the registry's values for the device, and the session completed with it. */
    private Uni<Completed> record(SqlConnection tx, Session session, InspectionResult result) {
        return devices.find(tx, session.equipmentSerial())
                .flatMap(device -> inspections.insert(
                        tx,
                        UUID.randomUUID(),
                        session.id(),
                        session.equipmentSerial(),
                        session.inspectorId(),
                        session.region(),
                        new JsonObject(json.convertValue(result, Map.class)),
                        overallStatus(result, device)))
                .flatMap(inspection -> sessions.complete(tx, session.id(), inspection.id())
                        .map(completed -> new Completed(completed, inspection)));
    }

    private static OverallStatus overallStatus(InspectionResult result, Optional<Device> device) {
        return OverallStatus.of(
                result,
                device.map(Device::batteryExpiryDate).orElse(null),
                device.map(Device::padExpiryDate).orElse(null));
    }
}
