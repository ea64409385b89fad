package pics.aed.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/** Schedule events on {@code inspection.schedules.v1}, as schedules-service writes them, and waiting for their effect. */
final class Schedules {

    private Schedules() {}

    /** Publishes the schedule in {@code status} and waits until the assignment has taken {@code expected}. */
    static void publish(String scheduleId, String serial, String assignee, String status, String expectedAssignment) {
        String data = "{\"scheduleId\":\"" + scheduleId + "\",\"equipmentSerial\":\"" + serial + "\","
                + "\"assigneeId\":\"" + assignee + "\",\"sido\":\"" + Fixtures.SEOUL + "\",\"gugun\":\""
                + Fixtures.JONGNO + "\",\"status\":\"" + status + "\","
                + "\"scheduledFor\":\"2026-12-01T10:00:00+09:00\",\"dueAt\":\"2026-12-31T23:59:59+09:00\"}";
        CloudEvent event = new CloudEvent(
                CloudEvent.newId(), "/aedpics/schedules-service", typeOf(status), serial, OffsetDateTime.now(), data);
        KafkaEvents.publish(Topics.SCHEDULES, serial, data, event.headers());
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Database.count(
                                "inspection.assignments",
                                "schedule_id = ?::uuid AND schedule_status = ? AND status = ?",
                                scheduleId,
                                status,
                                expectedAssignment))
                        .isEqualTo(1));
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static String assignmentStatus(String scheduleId) {
        return Database.scalar("SELECT status FROM inspection.assignments WHERE schedule_id = ?::uuid", scheduleId);
    }

    private static String typeOf(String status) {
        return switch (status) {
            case "completed" -> EventTypes.SCHEDULE_COMPLETED;
            case "cancelled" -> EventTypes.SCHEDULE_CANCELLED;
            case "missed" -> EventTypes.SCHEDULE_MISSED;
            default -> EventTypes.SCHEDULE_CREATED;
        };
    }
}
