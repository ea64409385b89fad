package pics.aed.events.sessions;

import java.time.OffsetDateTime;

/**
 * Data of {@code pics.aed.session.started|resumed|paused|cancelled} on {@code inspection.sessions.v1}.
 */
public record SessionChanged(
        String sessionId,
        String equipmentSerial,
        String inspectorId,
        String status,
        String assignmentId,
        String cancelReason,
        long version,
        OffsetDateTime changedAt) {}
