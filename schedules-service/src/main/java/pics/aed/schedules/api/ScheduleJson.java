package pics.aed.schedules.api;

import java.time.OffsetDateTime;
import java.util.UUID;
import pics.aed.schedules.domain.Schedule;

/** The contract's Schedule JSON. */
public record ScheduleJson(
        UUID id,
        String equipmentSerial,
        String sido,
        String gugun,
        String assigneeId,
        OffsetDateTime scheduledFor,
        OffsetDateTime dueAt,
        String priority,
        String notes,
        String status,
        UUID planId,
        UUID sessionId,
        String cancelReason,
        String createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        long version) {

    public static ScheduleJson of(Schedule schedule) {
        return new ScheduleJson(
                schedule.id(),
                schedule.equipmentSerial(),
                schedule.region().sido(),
                schedule.region().gugun(),
                schedule.assigneeId(),
                schedule.scheduledFor(),
                schedule.dueAt(),
                schedule.priority().name(),
                schedule.notes(),
                schedule.status().name(),
                schedule.planId(),
                schedule.sessionId(),
                schedule.cancelReason(),
                schedule.createdBy(),
                schedule.createdAt(),
                schedule.updatedAt(),
                schedule.version());
    }
}
