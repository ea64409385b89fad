package pics.aed.schedules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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

    private static List<Map<String, Object>> assignments(String inspectorToken, String status) {
        return given().baseUri(sessions.baseUri())
                .auth()
                .oauth2(inspectorToken)
                .get("/api/inspections/assignments?status=" + status + "&size=500")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
    }

    private static String scheduleStatus(String admin, String id) {
        return Fixtures.as(admin)
                .get("/api/schedules/" + id)
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    @Test
    void planAssignmentSessionAndBack() {
        String gugun = Fixtures.uniqueGugun();
        String serial = registeredDevice(gugun);
        String admin = Tokens.localAdmin("loop-admin-" + gugun, Fixtures.SEOUL, gugun);
        String inspectorId = "loop-kim-" + gugun;
        String inspector = Tokens.inspector(inspectorId, Fixtures.SEOUL, gugun);

        Response plan = MonthlyPlanTest.plan(admin, Fixtures.SEOUL, gugun, inspectorId, null);
        plan.then().statusCode(201).body("created", org.hamcrest.Matchers.equalTo(1));
        String scheduleId = Database.<Object>scalar(
                        "SELECT id FROM scheduling.schedules WHERE equipment_serial = ?", serial)
                .toString();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(assignments(inspector, "pending"))
                        .extracting(item -> item.get("scheduleId"))
                        .contains(scheduleId));

        String sessionId = given().baseUri(sessions.baseUri())
                .auth()
                .oauth2(inspector)
                .contentType("application/json")
                .body("{\"equipmentSerial\": \"" + serial + "\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(201)
                .body("assignmentId", org.hamcrest.Matchers.notNullValue())
                .extract()
                .path("id");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(scheduleStatus(admin, scheduleId)).isEqualTo("in_progress"));
        assertThat((String)
                        Fixtures.as(admin).get("/api/schedules/" + scheduleId).path("sessionId"))
                .isEqualTo(sessionId);

        given().baseUri(sessions.baseUri())
                .auth()
                .oauth2(inspector)
                .contentType("application/json")
                .body("{\"reason\": \"wrong building\"}")
                .post("/api/inspections/sessions/" + sessionId + "/cancel")
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(scheduleStatus(admin, scheduleId)).isEqualTo("scheduled"));

        String second = given().baseUri(sessions.baseUri())
                .auth()
                .oauth2(inspector)
                .contentType("application/json")
                .body("{\"equipmentSerial\": \"" + serial + "\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(scheduleStatus(admin, scheduleId)).isEqualTo("in_progress"));
        given().baseUri(sessions.baseUri())
                .auth()
                .oauth2(inspector)
                .contentType("application/json")
                .body(RESULT)
                .post("/api/inspections/sessions/" + second + "/complete")
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(scheduleStatus(admin, scheduleId)).isEqualTo("completed"));

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
        assertThat(assignments(inspector, "completed"))
                .extracting(item -> item.get("scheduleId"))
                .contains(scheduleId);
    }

    private static String startSession(String inspector, String serial) {
        return given().baseUri(sessions.baseUri())
                .auth()
                .oauth2(inspector)
                .contentType("application/json")
                .body("{\"equipmentSerial\": \"" + serial + "\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)))
                .extract()
                .path("id");
    }

    /** A session started on the device before its schedule, the schedule, and its assignment pending meanwhile. */
    private static String scheduledUnderAnOpenSession(
            String admin, String inspector, String inspectorId, String serial, String sessionId) {
        assertThat((Object) given().baseUri(sessions.baseUri())
                        .auth()
                        .oauth2(inspector)
                        .get("/api/inspections/sessions/" + sessionId)
                        .path("assignmentId"))
                .isNull();
        String scheduleId = Fixtures.createdId(admin, serial, Fixtures.future(2), inspectorId);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(assignments(inspector, "pending"))
                        .extracting(item -> item.get("scheduleId"))
                        .contains(scheduleId));
        return scheduleId;
    }

    /**
     * The fault soak's drift: the inspector's session was open before the schedule existed, so it takes the
     * assignment only on completion, and session.completed is the first event naming the schedule.
     */
    @Test
    void aSessionOpenBeforeItsScheduleCompletesIt() {
        String gugun = Fixtures.uniqueGugun();
        String serial = registeredDevice(gugun);
        String admin = Tokens.localAdmin("early-admin-" + gugun, Fixtures.SEOUL, gugun);
        String inspectorId = "early-kim-" + gugun;
        String inspector = Tokens.inspector(inspectorId, Fixtures.SEOUL, gugun);
        String sessionId = startSession(inspector, serial);
        String scheduleId = scheduledUnderAnOpenSession(admin, inspector, inspectorId, serial, sessionId);

        given().baseUri(sessions.baseUri())
                .auth()
                .oauth2(inspector)
                .contentType("application/json")
                .body(RESULT)
                .post("/api/inspections/sessions/" + sessionId + "/complete")
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(scheduleStatus(admin, scheduleId)).isEqualTo("completed"));
        assertThat((String)
                        Fixtures.as(admin).get("/api/schedules/" + scheduleId).path("sessionId"))
                .isEqualTo(sessionId);
        assertThat(assignments(inspector, "completed"))
                .extracting(item -> item.get("scheduleId"))
                .contains(scheduleId);
    }

    /** The same session paused and resumed after the schedule arrived: the resume takes it, and starts it. */
    @Test
    void aSessionOpenBeforeItsScheduleStartsItWhenResumed() {
        String gugun = Fixtures.uniqueGugun();
        String serial = registeredDevice(gugun);
        String admin = Tokens.localAdmin("resume-admin-" + gugun, Fixtures.SEOUL, gugun);
        String inspectorId = "resume-kim-" + gugun;
        String inspector = Tokens.inspector(inspectorId, Fixtures.SEOUL, gugun);
        String sessionId = startSession(inspector, serial);
        given().baseUri(sessions.baseUri())
                .auth()
                .oauth2(inspector)
                .contentType("application/json")
                .body("{\"status\": \"paused\"}")
                .patch("/api/inspections/sessions/" + sessionId)
                .then()
                .statusCode(200);
        String scheduleId = scheduledUnderAnOpenSession(admin, inspector, inspectorId, serial, sessionId);

        assertThat(startSession(inspector, serial)).isEqualTo(sessionId);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(scheduleStatus(admin, scheduleId)).isEqualTo("in_progress"));
        assertThat((String)
                        Fixtures.as(admin).get("/api/schedules/" + scheduleId).path("sessionId"))
                .isEqualTo(sessionId);
    }

    @Test
    void aReassignmentMovesTheAssignmentToTheNewInspector() {
        String gugun = Fixtures.uniqueGugun();
        String serial = registeredDevice(gugun);
        String admin = Tokens.localAdmin("move-admin-" + gugun, Fixtures.SEOUL, gugun);
        String kim = Tokens.inspector("move-kim-" + gugun, Fixtures.SEOUL, gugun);
        String lee = Tokens.inspector("move-lee-" + gugun, Fixtures.SEOUL, gugun);
        String scheduleId = Fixtures.createdId(admin, serial, Fixtures.future(6), "move-kim-" + gugun);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(assignments(kim, "pending"))
                        .extracting(item -> item.get("scheduleId"))
                        .contains(scheduleId));

        Fixtures.as(admin)
                .body("{\"assigneeId\": \"move-lee-" + gugun + "\"}")
                .patch("/api/schedules/" + scheduleId)
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(assignments(lee, "pending"))
                        .extracting(item -> item.get("scheduleId"))
                        .contains(scheduleId));
        assertThat(assignments(kim, "pending"))
                .extracting(item -> item.get("scheduleId"))
                .doesNotContain(scheduleId);

        Fixtures.as(admin)
                .body("{\"reason\": \"device moved\"}")
                .post("/api/schedules/" + scheduleId + "/cancel")
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(assignments(lee, "cancelled"))
                        .extracting(item -> item.get("scheduleId"))
                        .contains(scheduleId));
    }
}
