package pics.aed.events.schedules;

import java.time.OffsetDateTime;

/**
 * Data of every event on {@code inspection.schedules.v1} (created, rescheduled, cancelled, completed, missed): the
 * schedule as it is after the change. sessions-service turns it into the assignee's assignment.
 *
 * @param scheduleId   the schedule (UUID)
 * @param status       scheduled, in_progress, completed, cancelled or missed
 * @param scheduledFor when the inspection is planned
 * @param dueAt        the latest acceptable time (end of the plan's month unless set)
 * @param previousScheduledFor set on {@code rescheduled}, otherwise null
 */
public record ScheduleChanged(
        String scheduleId,
        String equipmentSerial,
        String assigneeId,
        String sido,
        String gugun,
        String status,
        OffsetDateTime scheduledFor,
        OffsetDateTime dueAt,
        OffsetDateTime previousScheduledFor,
        String changedBy) {}
