package pics.aed.events.sessions;

import java.time.OffsetDateTime;

/**
 * Data of {@code pics.aed.session.started|resumed|paused|cancelled} on {@code inspection.sessions.v1}.
 *
 * @param scheduleId the schedule the session's assignment came from (schedules-service follows it), or null when
 *                   the session works on no assignment; added in 1.1, absent from older events
 */
public record SessionChanged(
        String sessionId,
        String equipmentSerial,
        String inspectorId,
        String status,
        String assignmentId,
        String cancelReason,
        long version,
        OffsetDateTime changedAt,
        String scheduleId) {}
