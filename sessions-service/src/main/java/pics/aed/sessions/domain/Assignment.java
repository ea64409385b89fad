package pics.aed.sessions.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An inspector's assignment to inspect a device, from a schedule. */
public record Assignment(
        UUID id,
        UUID scheduleId,
        String equipmentSerial,
        String assigneeId,
        String sido,
        String gugun,
        OffsetDateTime dueAt,
        AssignmentStatus status,
        UUID sessionId) {}
