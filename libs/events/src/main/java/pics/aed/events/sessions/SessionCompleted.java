package pics.aed.events.sessions;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Data of {@code pics.aed.session.completed}: the session and a summary of its inspection, enough for the registry to
 * set the device's last inspection date and the expiry dates the inspector corrected (null when not corrected).
 *
 * @param scheduleId the schedule the session's assignment came from, or null; added in 1.1, absent from older events
 */
public record SessionCompleted(
        String sessionId,
        String inspectionId,
        String equipmentSerial,
        String inspectorId,
        String assignmentId,
        OffsetDateTime completedAt,
        String overallStatus,
        String batteryStatus,
        String padStatus,
        String operationStatus,
        LocalDate batteryExpiryDate,
        LocalDate padExpiryDate,
        String scheduleId) {}
