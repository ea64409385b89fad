package pics.aed.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.DeviceSnapshots;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/** The device view and the assignments are built from Kafka, once per event. */
@QuarkusTest
class ConsumersTest {

    @Test
    void aDeviceOnTheRegistryTopicBecomesStartable() {
        String serial = "K-" + UUID.randomUUID().toString().substring(0, 12);
        String snapshot = "{\"equipmentSerial\":\"" + serial + "\",\"sido\":\"서울특별시\",\"gugun\":\"종로구\","
                + "\"institution\":\"종로구보건소\",\"dataStatus\":\"active\",\"updatedAt\":\"2026-11-01T00:00:00Z\"}";
        CloudEvent event = DeviceSnapshots.event(serial, snapshot);
        DeviceSnapshots.publish(event);
        DeviceSnapshots.publish(event); // redelivery
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Database.count("inspection.devices", "equipment_serial = ?", serial))
                        .isEqualTo(1));
        assertThat(Database.count("inspection.processed_events", "event_id = ?", event.id()))
                .isEqualTo(1);
        Fixtures.start(Tokens.inspector("k-" + serial, "서울특별시", "종로구"), serial)
                .then()
                .statusCode(201)
                .body("deviceSnapshot.institution", org.hamcrest.Matchers.equalTo("종로구보건소"));
    }

    @Test
    void aScheduleEventBecomesOneAssignment() {
        String serial = Fixtures.deviceInJongno();
        String scheduleId = UUID.randomUUID().toString();
        String data = "{\"scheduleId\":\"" + scheduleId + "\",\"equipmentSerial\":\"" + serial + "\","
                + "\"assigneeId\":\"park\",\"sido\":\"서울특별시\",\"gugun\":\"종로구\",\"status\":\"scheduled\","
                + "\"scheduledFor\":\"2026-12-01T10:00:00+09:00\",\"dueAt\":\"2026-12-31T23:59:59+09:00\"}";
        CloudEvent created = new CloudEvent(
                CloudEvent.newId(),
                "/aedpics/schedules-service",
                EventTypes.SCHEDULE_CREATED,
                serial,
                OffsetDateTime.now(),
                data);
        KafkaEvents.publish(Topics.SCHEDULES, serial, data, created.headers());
        KafkaEvents.publish(Topics.SCHEDULES, serial, data, created.headers());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Database.count(
                                "inspection.assignments", "schedule_id = ?::uuid AND status = 'pending'", scheduleId))
                        .isEqualTo(1));

        String cancelledData = data.replace("\"scheduled\"", "\"cancelled\"");
        CloudEvent cancelled = new CloudEvent(
                CloudEvent.newId(),
                "/aedpics/schedules-service",
                EventTypes.SCHEDULE_CANCELLED,
                serial,
                OffsetDateTime.now(),
                cancelledData);
        KafkaEvents.publish(Topics.SCHEDULES, serial, cancelledData, cancelled.headers());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Database.count(
                                "inspection.assignments", "schedule_id = ?::uuid AND status = 'cancelled'", scheduleId))
                        .isEqualTo(1));
        assertThat(Database.count("inspection.assignments", "schedule_id = ?::uuid", scheduleId))
                .isEqualTo(1);
    }
}
