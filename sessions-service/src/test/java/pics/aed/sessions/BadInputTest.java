package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.ChunkedRequests;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Bad input is a clear problem and changes nothing. */
@QuarkusTest
class BadInputTest {

    private final String inspectorId = "bad-" + UUID.randomUUID();
    private final String token = Tokens.inspector(inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);

    private long rowsOfThisInspector() {
        return Database.count("inspection.sessions", "inspector_id = ?", inspectorId)
                + Database.count("inspection.inspections", "inspector_id = ?", inspectorId);
    }

    @Test
    void badSerialsAreValidationProblems() {
        Fixtures.start(token, "")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("equipmentSerial"));
        Fixtures.start(token, "   ").then().statusCode(400);
        Fixtures.start(token, "x".repeat(51)).then().statusCode(400).body("errors.field", hasItem("equipmentSerial"));
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"equipmentSerial\": [\"a\"]}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("equipmentSerial"));
        Fixtures.start(token, "NO-SUCH-DEVICE-" + UUID.randomUUID().toString().substring(0, 8))
                .then()
                .statusCode(404)
                .body("type", equalTo("https://aed.pics/problems/not-found"));
        assertThat(rowsOfThisInspector()).isZero();
    }

    @Test
    void unknownStatusesAndStepsAreRejected() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        String path = "/api/inspections/sessions/" + id;
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"status\": \"completed\"}")
                .patch(path)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"status\": \"sleeping\"}")
                .patch(path)
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"currentStep\": 21}")
                .patch(path)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("currentStep"));
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"stepData\": [1, 2]}")
                .patch(path)
                .then()
                .statusCode(400);
        assertThat(Database.<Long>scalar("SELECT version FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo(1L);
    }

    @Test
    void badResultsAreRejectedAndNothingIsRecorded() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        String outsideKorea = Fixtures.VALID_RESULT.replace("\"latitude\": 37.57", "\"latitude\": 51.5");
        Fixtures.complete(token, id, outsideKorea)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("result.gps.latitude"));
        String badDate = Fixtures.VALID_RESULT.replace("2028-03-31", "2028-02-30");
        Fixtures.complete(token, id, badDate)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("result.batteryExpiryDate"));
        String unknownStatus =
                Fixtures.VALID_RESULT.replace("\"batteryStatus\": \"good\"", "\"batteryStatus\": \"meh\"");
        Fixtures.complete(token, id, unknownStatus)
                .then()
                .statusCode(400)
                .body("errors[0].message", org.hamcrest.Matchers.containsString("allowed"));
        Fixtures.complete(token, id, "{\"result\": {\"batteryStatus\": \"good\"}}")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("result.padStatus"));
        assertThat(Database.count("inspection.inspections", "session_id = ?::uuid", id))
                .isZero();
        assertThat(Database.<String>scalar("SELECT status FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo("active");
    }

    @Test
    void twoMebibytesOfStepDataIs413() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        String huge = "{\"stepData\": {\"blob\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}}";
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(huge)
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/payload-too-large"));
        assertThat(Database.<Long>scalar("SELECT version FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo(1L);
    }

    @Test
    void twoMebibytesOfStepDataSentChunkedIs413AndChangesNothing() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());

        ChunkedRequests.Answer answer = ChunkedRequests.send(
                "PATCH",
                "/api/inspections/sessions/" + id,
                token,
                "application/json",
                "{\"stepData\": {\"blob\": \"",
                2 * 1024 * 1024,
                "\"}}");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("https://aed.pics/problems/payload-too-large");
        assertThat(Database.<Long>scalar("SELECT version FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo(1L);
        // the same change, small and chunked, is read as usual
        ChunkedRequests.Answer saved = ChunkedRequests.send(
                "PATCH",
                "/api/inspections/sessions/" + id,
                token,
                "application/json",
                "{\"stepData\": {\"blob\": \"small\"}}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(Database.<Long>scalar("SELECT version FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo(2L);
    }
}
