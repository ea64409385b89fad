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
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
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
        CloudEvent event = new CloudEvent(
                CloudEvent.newId(),
                "/aedpics/sync-service",
                EventTypes.DEVICE_UPSERTED,
                serial,
                OffsetDateTime.now(),
                snapshot);
        KafkaEvents.publish(Topics.DEVICES, serial, snapshot, event.headers());
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
