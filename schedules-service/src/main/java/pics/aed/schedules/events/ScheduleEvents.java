package pics.aed.schedules.events;

import java.time.OffsetDateTime;
import java.util.List;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.events.schedules.ScheduleChanged;
import pics.aed.platform.outbox.OutboxEvent;
import pics.aed.schedules.domain.Schedule;

/** The events this service writes to {@code inspection.schedules.v1}, keyed by equipment serial. */
public final class ScheduleEvents {

    private ScheduleEvents() {}

    public static OutboxEvent created(Schedule schedule) {
        return changed(EventTypes.SCHEDULE_CREATED, schedule, null, schedule.createdBy());
    }

    /** A PATCH: a new time, assignee, due time, priority or notes (sessions-service moves the assignment). */
    public static OutboxEvent rescheduled(Schedule schedule, OffsetDateTime previousScheduledFor, String changedBy) {
        return changed(EventTypes.SCHEDULE_RESCHEDULED, schedule, previousScheduledFor, changedBy);
    }

    public static OutboxEvent cancelled(Schedule schedule, String changedBy) {
        return changed(EventTypes.SCHEDULE_CANCELLED, schedule, null, changedBy);
    }

    public static OutboxEvent completed(Schedule schedule, String changedBy) {
        return changed(EventTypes.SCHEDULE_COMPLETED, schedule, null, changedBy);
    }

    public static List<OutboxEvent> missed(List<Schedule> schedules, String changedBy) {
        return schedules.stream()
                .map(schedule -> changed(EventTypes.SCHEDULE_MISSED, schedule, null, changedBy))
                .toList();
    }

    public static List<OutboxEvent> cancelled(List<Schedule> schedules, String changedBy) {
        return schedules.stream()
                .map(schedule -> cancelled(schedule, changedBy))
                .toList();
    }

    private static OutboxEvent changed(
            String type, Schedule schedule, OffsetDateTime previousScheduledFor, String changedBy) {
        return OutboxEvent.aboutDevice(
                Topics.SCHEDULES,
                type,
                schedule.equipmentSerial(),
                new ScheduleChanged(
                        schedule.id().toString(),
                        schedule.equipmentSerial(),
                        schedule.assigneeId(),
                        schedule.region().sido(),
                        schedule.region().gugun(),
                        schedule.status().name(),
                        schedule.scheduledFor(),
                        schedule.dueAt(),
                        previousScheduledFor,
                        changedBy));
    }
}
