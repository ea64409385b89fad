package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.sessions.domain.StaleSessionSweeper;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Sessions behave as an inspector in the field expects; each of these failed before. */
@QuarkusTest
class InspectorExpectationsTest {

    @Inject
    StaleSessionSweeper sweeper;

    private final String inspectorId = "field-" + UUID.randomUUID();
    private final String token = Tokens.inspector(inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);

    private static void idleFor(String sessionId, String interval) {
        Database.execute(
                "UPDATE inspection.sessions SET last_activity_at = now() - ?::interval WHERE id = ?::uuid",
                interval,
                sessionId);
    }

    private static String status(String sessionId) {
        return Database.scalar("SELECT status FROM inspection.sessions WHERE id = ?::uuid", sessionId);
    }

    private String paused(String serial) {
        String id = Fixtures.startedSessionId(token, serial);
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"status\": \"paused\"}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(200);
        return id;
    }

    @Test
    void aPauseIsNotStaleAfterThirtyMinutesButAfterADay() {
        String pausedHalfAnHour = paused(Fixtures.deviceInJongno());
        String pausedADay = paused(Fixtures.deviceInJongno());
        String activeHalfAnHour = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        idleFor(pausedHalfAnHour, "31 minutes");
        idleFor(pausedADay, "25 hours");
        idleFor(activeHalfAnHour, "31 minutes");

        sweeper.sweepNow().await().atMost(Duration.ofSeconds(60));

        assertThat(status(pausedHalfAnHour)).isEqualTo("paused");
        assertThat(status(pausedADay)).isEqualTo("cancelled");
        assertThat(status(activeHalfAnHour)).isEqualTo("cancelled");
    }

    @Test
    void resumingAnActiveSessionMarksItResumedAndActive() {
        String serial = Fixtures.deviceInJongno();
        String id = Fixtures.startedSessionId(token, serial);
        idleFor(id, "29 minutes");

        Fixtures.start(token, serial)
                .then()
                .statusCode(200)
                .body("resumed", equalTo(true))
                .body("status", equalTo("active"))
                .body("resumedAt", notNullValue());

        assertThat(Database.<Boolean>scalar(
                        "SELECT last_activity_at > now() - interval '1 minute' FROM inspection.sessions"
                                + " WHERE id = ?::uuid",
                        id))
                .isTrue();
    }

    @Test
    void listsIncludeOwnWorkOnAssignedDevicesOutsideTheArea() {
        String gangnamInspectorId = "assigned-" + UUID.randomUUID();
        String gangnamInspector = Tokens.inspector(gangnamInspectorId, Fixtures.SEOUL, Fixtures.GANGNAM);
        String serial = Fixtures.deviceInJongno();
        Fixtures.assignment(serial, gangnamInspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        String id = Fixtures.startedSessionId(gangnamInspector, serial);
        Fixtures.complete(gangnamInspector, id, Fixtures.VALID_RESULT).then().statusCode(200);

        given().auth()
                .oauth2(gangnamInspector)
                .get("/api/inspections/sessions")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.id", hasItem(id));
        given().auth()
                .oauth2(gangnamInspector)
                .get("/api/inspections?equipmentSerial=" + serial)
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].sessionId", equalTo(id));
        given().auth()
                .oauth2(gangnamInspector)
                .get("/api/inspections/assignments?status=completed")
                .then()
                .statusCode(200)
                .body("total", equalTo(1));
    }

    @Test
    void anotherInspectorOfTheAreaIsForbiddenNotToldItDoesNotExist() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        String colleague = Tokens.inspector("colleague-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO);
        String path = "/api/inspections/sessions/" + id;
        given().auth()
                .oauth2(colleague)
                .contentType("application/json")
                .body("{\"currentStep\": 1}")
                .patch(path)
                .then()
                .statusCode(403)
                .body("type", equalTo("https://aed.pics/problems/forbidden"));
        Fixtures.complete(colleague, id, Fixtures.VALID_RESULT).then().statusCode(403);
        given().auth().oauth2(colleague).post(path + "/cancel").then().statusCode(403);
        given().auth().oauth2(colleague).delete(path).then().statusCode(403);
        assertThat(status(id)).isEqualTo("active");
        // outside their area it stays unknown
        String stranger = Tokens.inspector("stranger-" + UUID.randomUUID(), Fixtures.BUSAN, Fixtures.HAEUNDAE);
        Fixtures.complete(stranger, id, Fixtures.VALID_RESULT).then().statusCode(404);
    }

    @Test
    void everyInvalidTransitionNamesFromToAndAllowed() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        Fixtures.complete(token, id, Fixtures.VALID_RESULT).then().statusCode(200);
        Fixtures.complete(token, id, Fixtures.VALID_RESULT)
                .then()
                .statusCode(409)
                .body("type", equalTo("https://aed.pics/problems/invalid-transition"))
                .body("from", equalTo("completed"))
                .body("to", equalTo("completed"))
                .body("allowed.size()", equalTo(0));
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"status\": \"paused\"}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(409)
                .body("from", equalTo("completed"))
                .body("to", equalTo("paused"))
                .body("allowed", notNullValue());
        given().auth()
                .oauth2(token)
                .post("/api/inspections/sessions/" + id + "/cancel")
                .then()
                .statusCode(409)
                .body("from", equalTo("completed"))
                .body("to", equalTo("cancelled"));
    }
}
