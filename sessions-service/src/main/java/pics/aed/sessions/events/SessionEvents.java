package pics.aed.sessions.events;

import java.time.LocalDate;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.events.sessions.InspectionReviewed;
import pics.aed.events.sessions.SessionChanged;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.platform.outbox.OutboxEvent;
import pics.aed.sessions.domain.Inspection;
import pics.aed.sessions.domain.Session;

/** The events this service writes to {@code inspection.sessions.v1}, keyed by equipment serial. */
public final class SessionEvents {

    private SessionEvents() {}

    public static OutboxEvent started(Session session) {
        return changed(EventTypes.SESSION_STARTED, session);
    }

    public static OutboxEvent resumed(Session session) {
        return changed(EventTypes.SESSION_RESUMED, session);
    }

    public static OutboxEvent paused(Session session) {
        return changed(EventTypes.SESSION_PAUSED, session);
    }

    public static OutboxEvent cancelled(Session session) {
        return changed(EventTypes.SESSION_CANCELLED, session);
    }

    public static OutboxEvent completed(Session session, Inspection inspection) {
        var result = inspection.result();
        return OutboxEvent.aboutDevice(
                Topics.SESSIONS,
                EventTypes.SESSION_COMPLETED,
                session.equipmentSerial(),
                new SessionCompleted(
                        session.id().toString(),
                        inspection.id().toString(),
                        session.equipmentSerial(),
                        session.inspectorId(),
                        idOrNull(session.assignmentId()),
                        session.completedAt(),
                        inspection.overallStatus().name(),
                        result.getString("batteryStatus"),
                        result.getString("padStatus"),
                        result.getString("operationStatus"),
                        date(result.getString("batteryExpiryDate")),
                        date(result.getString("padExpiryDate")),
                        idOrNull(session.scheduleId())));
    }

    public static OutboxEvent reviewed(Inspection inspection) {
        String type = switch (inspection.approvalStatus()) {
            case approved -> EventTypes.INSPECTION_APPROVED;
            case rejected -> EventTypes.INSPECTION_REJECTED;
            case submitted -> throw new IllegalArgumentException("an inspection under review has no decision yet");
        };
        return OutboxEvent.aboutDevice(
                Topics.SESSIONS,
                type,
                inspection.equipmentSerial(),
                new InspectionReviewed(
                        inspection.id().toString(),
                        inspection.sessionId().toString(),
                        inspection.equipmentSerial(),
                        inspection.approvalStatus().name(),
                        inspection.reviewedBy(),
                        inspection.reviewedAt(),
                        inspection.rejectionReason()));
    }

    private static OutboxEvent changed(String type, Session session) {
        return OutboxEvent.aboutDevice(
                Topics.SESSIONS,
                type,
                session.equipmentSerial(),
                new SessionChanged(
                        session.id().toString(),
                        session.equipmentSerial(),
                        session.inspectorId(),
                        session.status().name(),
                        idOrNull(session.assignmentId()),
                        session.cancelReason(),
                        session.version(),
                        java.time.OffsetDateTime.now(),
                        idOrNull(session.scheduleId())));
    }

    private static String idOrNull(java.util.UUID id) {
        return id == null ? null : id.toString();
    }

    private static LocalDate date(String value) {
        return value == null ? null : LocalDate.parse(value);
    }
}
