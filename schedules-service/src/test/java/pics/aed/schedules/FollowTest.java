package pics.aed.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.schedules.domain.MissedScheduleJob;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/**
 * What changes schedules besides their admins: the registry (device view, retirement), the sessions (status follows
 * them) and the clock (missed). Events are fed through the real broker; each is sent twice to show it applies once.
 */
@QuarkusTest
class FollowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    MissedScheduleJob missedJob;

    private static void publishTwice(String topic, String type, String key, String data) {
        CloudEvent event = new CloudEvent(CloudEvent.newId(), "/aedpics/test", type, key, OffsetDateTime.now(), data);
        KafkaEvents.publish(topic, key, data, event.headers());
        KafkaEvents.publish(topic, key, data, event.headers());
    }

    private static String snapshot(String serial, String gugun, String dataStatus, String updatedAt) {
        return "{\"equipmentSerial\":\"" + serial + "\",\"sido\":\"" + Fixtures.SEOUL + "\",\"gugun\":\"" + gugun
                + "\",\"dataStatus\":\"" + dataStatus + "\",\"updatedAt\":\"" + updatedAt + "\"}";
    }

    /** The device's schedule events of one type, once {@code count} of them are on the topic (or the wait ended). */
    private static List<KafkaEvents.Event> scheduleEvents(String serial, String type, int count) {
        return KafkaEvents.awaitRecords(
                Topics.SCHEDULES,
                event -> serial.equals(event.key())
                        && type.equals(event.headers().get("ce_type")),
                count,
                WAIT);
    }

    private static String sessionOfSchedule(String scheduleId) {
        Object session = Database.scalar("SELECT session_id FROM scheduling.schedules WHERE id = ?::uuid", scheduleId);
        return session == null ? null : session.toString();
    }

    private static String status(Object id) {
        return Database.scalar("SELECT status FROM scheduling.schedules WHERE id = ?::uuid", id.toString());
    }

    @Test
    void theRegistryTopicBuildsTheViewAndARetiredDeviceLosesItsFutureSchedules() {
        String serial = "R-" + UUID.randomUUID().toString().substring(0, 12);
        publishTwice(
                Topics.DEVICES,
                EventTypes.DEVICE_UPSERTED,
                serial,
                snapshot(serial, Fixtures.JONGNO, "active", "2026-11-01T00:00:00Z"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Database.count("scheduling.devices", "equipment_serial = ?", serial))
                        .isEqualTo(1));

        String admin = Tokens.localAdmin("ret-" + serial, Fixtures.SEOUL, Fixtures.JONGNO);
        String futureA = Fixtures.createdId(admin, serial, Fixtures.future(3), "kim");
        String futureB = Fixtures.createdId(admin, serial, Fixtures.future(4), "kim");
        UUID underWay = Fixtures.scheduleRow(
                serial, Fixtures.SEOUL, Fixtures.JONGNO, OffsetDateTime.now().plusHours(6), "in_progress");
        UUID past = Fixtures.scheduleRow(
                serial, Fixtures.SEOUL, Fixtures.JONGNO, OffsetDateTime.now().minusHours(3), "scheduled");
        Database.execute("UPDATE scheduling.schedules SET due_at = now() + interval '1 day' WHERE id = ?", past);

        publishTwice(
                Topics.DEVICES,
                EventTypes.DEVICE_UPSERTED,
                serial,
                snapshot(serial, Fixtures.JONGNO, "deletion_suspected", "2026-11-20T00:00:00Z"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(futureA)).isEqualTo("cancelled"));
        assertThat(status(futureB)).isEqualTo("cancelled");
        assertThat(Database.<String>scalar(
                        "SELECT cancel_reason FROM scheduling.schedules WHERE id = ?::uuid", futureB))
                .isEqualTo("device-retired");
        assertThat(status(underWay)).isEqualTo("in_progress");
        assertThat(status(past)).isEqualTo("scheduled");
        assertThat(scheduleEvents(serial, EventTypes.SCHEDULE_CANCELLED, 2)).hasSize(2);

        // an older snapshot arriving late changes nothing; and the device can no longer be planned
        publishTwice(
                Topics.DEVICES,
                EventTypes.DEVICE_UPSERTED,
                serial,
                snapshot(serial, Fixtures.JONGNO, "active", "2026-11-10T00:00:00Z"));
        String marker = "M-" + UUID.randomUUID().toString().substring(0, 12);
        publishTwice(
                Topics.DEVICES,
                EventTypes.DEVICE_UPSERTED,
                marker,
                snapshot(marker, Fixtures.JONGNO, "active", "2026-11-10T00:00:00Z"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Database.count("scheduling.devices", "equipment_serial = ?", marker))
                        .isEqualTo(1));
        assertThat(Database.<String>scalar(
                        "SELECT data_status FROM scheduling.devices WHERE equipment_serial = ?", serial))
                .isEqualTo("deletion_suspected");
        Fixtures.create(admin, serial, Fixtures.future(5), "kim")
                .then()
                .statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("/device-not-active"));
    }

    @Test
    void statusFollowsTheSessionStartedCancelledStartedCompleted() {
        String serial = Fixtures.deviceInJongno();
        String admin = Tokens.localAdmin("follow-" + serial, Fixtures.SEOUL, Fixtures.JONGNO);
        String scheduleId = Fixtures.createdId(admin, serial, Fixtures.future(2), "kim");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();

        publishTwice(Topics.SESSIONS, EventTypes.SESSION_STARTED, serial, changed(first, serial, "active", scheduleId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(scheduleId)).isEqualTo("in_progress"));
        assertThat(sessionOfSchedule(scheduleId)).isEqualTo(first);

        publishTwice(
                Topics.SESSIONS, EventTypes.SESSION_CANCELLED, serial, changed(first, serial, "cancelled", scheduleId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(scheduleId)).isEqualTo("scheduled"));
        assertThat(sessionOfSchedule(scheduleId)).isNull();

        publishTwice(
                Topics.SESSIONS, EventTypes.SESSION_STARTED, serial, changed(second, serial, "active", scheduleId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(scheduleId)).isEqualTo("in_progress"));
        publishTwice(Topics.SESSIONS, EventTypes.SESSION_COMPLETED, serial, completed(second, serial, scheduleId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(scheduleId)).isEqualTo("completed"));
        assertThat(Database.count("scheduling.sessions", "id = ?::uuid AND status = 'completed'", second))
                .isEqualTo(1);
        assertThat(scheduleEvents(serial, EventTypes.SCHEDULE_COMPLETED, 1)).hasSize(1);
        // five changes, each applied once although every event arrived twice: created, started, restored,
        // started, completed
        assertThat(Database.<Long>scalar("SELECT version FROM scheduling.schedules WHERE id = ?::uuid", scheduleId))
                .isEqualTo(5L);
    }

    /** A session on a device, started before anything planned it, and then a schedule for the device. */
    private record LateLink(String serial, String session, String scheduleId) {}

    private static LateLink aScheduleForASessionAlreadyStarted() {
        String serial = Fixtures.deviceInJongno();
        String admin = Tokens.localAdmin("late-link-" + serial, Fixtures.SEOUL, Fixtures.JONGNO);
        String session = UUID.randomUUID().toString();
        publishTwice(Topics.SESSIONS, EventTypes.SESSION_STARTED, serial, changed(session, serial, "active", null));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Database.count("scheduling.sessions", "id = ?::uuid", session))
                        .isEqualTo(1));
        return new LateLink(serial, session, Fixtures.createdId(admin, serial, Fixtures.future(2), "kim"));
    }

    /**
     * The fault soak's drift (schedule-status-disagrees-with-session): a session started before its assignment
     * arrived ({@code started} without a scheduleId) takes the pending assignment when it completes, so the first
     * event naming the schedule is {@code completed}. The schedule must still end completed, through in_progress.
     */
    @Test
    void aSessionThatTookItsAssignmentOnCompletionCompletesTheSchedule() {
        LateLink late = aScheduleForASessionAlreadyStarted();
        String serial = late.serial();
        String session = late.session();
        String scheduleId = late.scheduleId();

        publishTwice(Topics.SESSIONS, EventTypes.SESSION_COMPLETED, serial, completed(session, serial, scheduleId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(scheduleId)).isEqualTo("completed"));
        assertThat(sessionOfSchedule(scheduleId)).isEqualTo(session);
        assertThat(scheduleEvents(serial, EventTypes.SCHEDULE_COMPLETED, 1)).hasSize(1);
        // created, started, completed: each once although the completion arrived twice
        assertThat(Database.<Long>scalar("SELECT version FROM scheduling.schedules WHERE id = ?::uuid", scheduleId))
                .isEqualTo(3L);
    }

    /** The same session taking its assignment on a resume instead: the resume puts the schedule in_progress. */
    @Test
    void aSessionThatTookItsAssignmentOnResumeStartsTheSchedule() {
        LateLink late = aScheduleForASessionAlreadyStarted();
        String serial = late.serial();
        String session = late.session();
        String scheduleId = late.scheduleId();

        publishTwice(
                Topics.SESSIONS, EventTypes.SESSION_RESUMED, serial, changed(session, serial, "active", scheduleId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(scheduleId)).isEqualTo("in_progress"));
        assertThat(sessionOfSchedule(scheduleId)).isEqualTo(session);
        // a resume of a session whose schedule is already under way changes nothing
        publishTwice(
                Topics.SESSIONS, EventTypes.SESSION_RESUMED, serial, changed(session, serial, "active", scheduleId));
        publishTwice(Topics.SESSIONS, EventTypes.SESSION_COMPLETED, serial, completed(session, serial, scheduleId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(scheduleId)).isEqualTo("completed"));
        assertThat(Database.<Long>scalar("SELECT version FROM scheduling.schedules WHERE id = ?::uuid", scheduleId))
                .isEqualTo(3L);
    }

    @Test
    void aSessionOnACancelledScheduleLeavesItCancelled() {
        String serial = Fixtures.deviceInJongno();
        String admin = Tokens.localAdmin("late-" + serial, Fixtures.SEOUL, Fixtures.JONGNO);
        String scheduleId = Fixtures.createdId(admin, serial, Fixtures.future(2), "kim");
        Fixtures.as(admin)
                .body("{\"reason\": \"not needed\"}")
                .post("/api/schedules/" + scheduleId + "/cancel")
                .then()
                .statusCode(200);
        String session = UUID.randomUUID().toString();
        publishTwice(
                Topics.SESSIONS, EventTypes.SESSION_STARTED, serial, changed(session, serial, "active", scheduleId));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Database.count("scheduling.sessions", "id = ?::uuid", session))
                        .isEqualTo(1));
        assertThat(status(scheduleId)).isEqualTo("cancelled");
    }

    @Test
    void theMissedJobMarksOverdueScheduledOnesAndOnlyThose() {
        String serial = Fixtures.deviceInJongno();
        UUID overdue = Fixtures.scheduleRow(
                serial, Fixtures.SEOUL, Fixtures.JONGNO, OffsetDateTime.now().minusHours(5), "scheduled");
        UUID notYetDue = Fixtures.scheduleRow(
                serial, Fixtures.SEOUL, Fixtures.JONGNO, OffsetDateTime.now().minusMinutes(30), "scheduled");
        UUID underWay = Fixtures.scheduleRow(
                serial, Fixtures.SEOUL, Fixtures.JONGNO, OffsetDateTime.now().minusHours(10), "in_progress");

        missedJob.markAllMissed().await().atMost(WAIT);

        assertThat(status(overdue)).isEqualTo("missed");
        assertThat(status(notYetDue)).isEqualTo("scheduled");
        assertThat(status(underWay)).isEqualTo("in_progress");
        assertThat(scheduleEvents(serial, EventTypes.SCHEDULE_MISSED, 1))
                .singleElement()
                .satisfies(event -> assertThat(event.value()).contains(overdue.toString()));
    }

    private static String changed(String sessionId, String serial, String status, String scheduleId) {
        return "{\"sessionId\":\"" + sessionId + "\",\"equipmentSerial\":\"" + serial
                + "\",\"inspectorId\":\"kim\",\"status\":\"" + status + "\",\"assignmentId\":\"" + UUID.randomUUID()
                + "\",\"version\":1,\"changedAt\":\"" + OffsetDateTime.now() + "\",\"scheduleId\":"
                + (scheduleId == null ? "null" : "\"" + scheduleId + "\"") + "}";
    }

    private static String completed(String sessionId, String serial, String scheduleId) {
        return "{\"sessionId\":\"" + sessionId + "\",\"inspectionId\":\"" + UUID.randomUUID()
                + "\",\"equipmentSerial\":\"" + serial + "\",\"inspectorId\":\"kim\",\"completedAt\":\""
                + OffsetDateTime.now() + "\",\"overallStatus\":\"pass\",\"scheduleId\":\"" + scheduleId + "\"}";
    }
}
