package pics.aed.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.DeviceSnapshots;
import pics.aed.testsupport.ServiceProcess;
import pics.aed.testsupport.Tokens;

/**
 * The loop between the two services, both running: a plan becomes the inspector's assignment in sessions-service, the
 * inspector's session moves the schedule, and a reassignment moves the assignment. Only Kafka connects them.
 */
@QuarkusTest
class LoopWithSessionsServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String RESULT = """
            {"result": {"batteryStatus": "good", "padStatus": "good", "operationStatus": "normal",
             "gps": {"latitude": 37.57, "longitude": 126.98}}}""";

    private static ServiceProcess sessions;

    @BeforeAll
    static void startSessionsService() throws Exception {
        sessions = ServiceProcess.start("sessions-service", Map.of("aedpics.outbox.poll-interval", "PT0.2S"));
    }

    @AfterAll
    static void stopSessionsService() throws Exception {
        if (sessions != null) {
            sessions.close();
        }
    }

    /** A gugun of its own with one device both services know, its local admin and an inspector. */
    private record Gugun(String name, String serial, String admin, String inspectorId, String inspector) {

        static Gugun withADevice(String people) {
            String name = Fixtures.uniqueGugun();
            String inspectorId = people + "-kim-" + name;
            return new Gugun(
                    name,
                    registeredDevice(name),
                    Tokens.localAdmin(people + "-admin-" + name, Fixtures.SEOUL, name),
                    inspectorId,
                    Tokens.inspector(inspectorId, Fixtures.SEOUL, name));
        }
    }

    /** A device the registry announces, in both services' views. */
    private static String registeredDevice(String gugun) {
        String serial = "E-" + UUID.randomUUID().toString().substring(0, 12);
        String snapshot = "{\"equipmentSerial\":\"" + serial + "\",\"sido\":\"" + Fixtures.SEOUL + "\",\"gugun\":\""
                + gugun + "\",\"dataStatus\":\"active\",\"institution\":\"" + gugun + " 보건소\",\"updatedAt\":\""
                + OffsetDateTime.now() + "\"}";
        DeviceSnapshots.publish(serial, snapshot);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Database.count("scheduling.devices", "equipment_serial = ?", serial))
                    .isEqualTo(1);
            assertThat(Database.count("inspection.devices", "equipment_serial = ?", serial))
                    .isEqualTo(1);
        });
        return serial;
    }

    private static List<Object> assignedSchedules(String inspectorToken, String status) {
        return sessions.as(inspectorToken)
                .get("/api/inspections/assignments?status=" + status + "&size=500")
                .then()
                .statusCode(200)
                .extract()
                .path("items.scheduleId");
    }

    private static void awaitAssignment(String inspectorToken, String status, String scheduleId) {
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(assignedSchedules(inspectorToken, status)).contains(scheduleId));
    }

    private static void awaitScheduleStatus(String admin, String scheduleId, String status) {
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Fixtures.as(admin)
                                .get("/api/schedules/" + scheduleId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .<String>path("status"))
                        .isEqualTo(status));
    }

    private static String sessionOfSchedule(String admin, String scheduleId) {
        return Fixtures.as(admin).get("/api/schedules/" + scheduleId).path("sessionId");
    }

    /** Starts a session on the device, or resumes the inspector's open one there (200). */
    private static String startSession(String inspector, String serial) {
        return sessions.as(inspector)
                .body("{\"equipmentSerial\": \"" + serial + "\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(anyOf(is(200), is(201)))
                .extract()
                .path("id");
    }

    private static void completeSession(String inspector, String sessionId) {
        sessions.as(inspector)
                .body(RESULT)
                .post("/api/inspections/sessions/" + sessionId + "/complete")
                .then()
                .statusCode(200);
    }

    /** A session started on the device before its schedule, the schedule, and its assignment pending meanwhile. */
    private static String scheduledUnderAnOpenSession(Gugun gugun, String sessionId) {
        assertThat((Object) sessions.as(gugun.inspector())
                        .get("/api/inspections/sessions/" + sessionId)
                        .path("assignmentId"))
                .isNull();
        String scheduleId = Fixtures.createdId(gugun.admin(), gugun.serial(), Fixtures.future(2), gugun.inspectorId());
        awaitAssignment(gugun.inspector(), "pending", scheduleId);
        return scheduleId;
    }

    @Test
    void planAssignmentSessionAndBack() {
        Gugun gugun = Gugun.withADevice("loop");
        String admin = gugun.admin();
        String inspector = gugun.inspector();

        MonthlyPlanTest.plan(admin, Fixtures.SEOUL, gugun.name(), gugun.inspectorId(), null)
                .then()
                .statusCode(201)
                .body("created", equalTo(1));
        String scheduleId = Database.<Object>scalar(
                        "SELECT id FROM scheduling.schedules WHERE equipment_serial = ?", gugun.serial())
                .toString();
        awaitAssignment(inspector, "pending", scheduleId);

        String sessionId = sessions.as(inspector)
                .body("{\"equipmentSerial\": \"" + gugun.serial() + "\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(201)
                .body("assignmentId", notNullValue())
                .extract()
                .path("id");
        awaitScheduleStatus(admin, scheduleId, "in_progress");
        assertThat(sessionOfSchedule(admin, scheduleId)).isEqualTo(sessionId);

        sessions.as(inspector)
                .body("{\"reason\": \"wrong building\"}")
                .post("/api/inspections/sessions/" + sessionId + "/cancel")
                .then()
                .statusCode(200);
        awaitScheduleStatus(admin, scheduleId, "scheduled");

        String second = startSession(inspector, gugun.serial());
        assertThat(second).isNotEqualTo(sessionId);
        awaitScheduleStatus(admin, scheduleId, "in_progress");
        completeSession(inspector, second);
        awaitScheduleStatus(admin, scheduleId, "completed");

        // the session completed this month: compliance of this month counts the device as completed
        YearMonth now = YearMonth.now(Fixtures.KOREA);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Fixtures.as(admin)
                                .get("/api/schedules/compliance?month=" + now)
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<Integer>>path("items.completed"))
                        .containsExactly(1));
        assertThat(assignedSchedules(inspector, "completed")).contains(scheduleId);
    }

    /**
     * The fault soak's drift: the inspector's session was open before the schedule existed, so it takes the
     * assignment only on completion, and session.completed is the first event naming the schedule.
     */
    @Test
    void aSessionOpenBeforeItsScheduleCompletesIt() {
        Gugun gugun = Gugun.withADevice("early");
        String sessionId = startSession(gugun.inspector(), gugun.serial());
        String scheduleId = scheduledUnderAnOpenSession(gugun, sessionId);

        completeSession(gugun.inspector(), sessionId);
        awaitScheduleStatus(gugun.admin(), scheduleId, "completed");
        assertThat(sessionOfSchedule(gugun.admin(), scheduleId)).isEqualTo(sessionId);
        assertThat(assignedSchedules(gugun.inspector(), "completed")).contains(scheduleId);
    }

    /** The same session paused and resumed after the schedule arrived: the resume takes it, and starts it. */
    @Test
    void aSessionOpenBeforeItsScheduleStartsItWhenResumed() {
        Gugun gugun = Gugun.withADevice("resume");
        String sessionId = startSession(gugun.inspector(), gugun.serial());
        sessions.as(gugun.inspector())
                .body("{\"status\": \"paused\"}")
                .patch("/api/inspections/sessions/" + sessionId)
                .then()
                .statusCode(200);
        String scheduleId = scheduledUnderAnOpenSession(gugun, sessionId);

        assertThat(startSession(gugun.inspector(), gugun.serial())).isEqualTo(sessionId);
        awaitScheduleStatus(gugun.admin(), scheduleId, "in_progress");
        assertThat(sessionOfSchedule(gugun.admin(), scheduleId)).isEqualTo(sessionId);
    }

    @Test
    void aReassignmentMovesTheAssignmentToTheNewInspector() {
        Gugun gugun = Gugun.withADevice("move");
        String admin = gugun.admin();
        String kim = gugun.inspector();
        String lee = Tokens.inspector("move-lee-" + gugun.name(), Fixtures.SEOUL, gugun.name());
        String scheduleId = Fixtures.createdId(admin, gugun.serial(), Fixtures.future(6), gugun.inspectorId());
        awaitAssignment(kim, "pending", scheduleId);

        Fixtures.as(admin)
                .body("{\"assigneeId\": \"move-lee-" + gugun.name() + "\"}")
                .patch("/api/schedules/" + scheduleId)
                .then()
                .statusCode(200);
        awaitAssignment(lee, "pending", scheduleId);
        assertThat(assignedSchedules(kim, "pending")).doesNotContain(scheduleId);

        Fixtures.as(admin)
                .body("{\"reason\": \"device moved\"}")
                .post("/api/schedules/" + scheduleId + "/cancel")
                .then()
                .statusCode(200);
        awaitAssignment(lee, "cancelled", scheduleId);
    }
}
