package pics.aed.schedules.domain;

import java.time.OffsetDateTime;
import java.util.UUID;
import pics.aed.platform.security.Region;

/** One planned inspection of one device, as stored. */
public record Schedule(
        UUID id,
        String equipmentSerial,
        Region region,
        String assigneeId,
        OffsetDateTime scheduledFor,
        OffsetDateTime dueAt,
        Priority priority,
        String notes,
        ScheduleStatus status,
        UUID planId,
        UUID sessionId,
        String cancelReason,
        String createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        long version) {

    public boolean isAssignedTo(String callerId) {
        return assigneeId.equals(callerId);
    }
}
