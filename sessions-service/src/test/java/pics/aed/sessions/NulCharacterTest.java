package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/**
 * PostgreSQL stores no U+0000, neither in text nor in jsonb: every input kind that carries one is a 400
 * {@code validation} naming the field, and changes nothing (before, a NUL in stepData or a result was a 500).
 */
@QuarkusTest
class NulCharacterTest {

    /** A JSON escape for U+0000, as a client would send it. */
    private static final String NUL = "\\u0000";

    private final String inspectorId = "nul-" + UUID.randomUUID();
    private final String token = Tokens.inspector(inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);

    private static void refused(Response response, String field) {
        response.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/validation"))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo("must not contain the NUL character (U+0000)"));
    }

    private Response patch(String id, String body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .patch("/api/inspections/sessions/" + id);
    }

    private long version(String id) {
        return Database.<Long>scalar("SELECT version FROM inspection.sessions WHERE id = ?::uuid", id);
    }

    @Test
    void inStepDataValuesKeysAndNestedObjects() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        refused(patch(id, "{\"stepData\": {\"notes\": \"a" + NUL + "b\"}}"), "stepData.notes");
        refused(patch(id, "{\"stepData\": {\"ba" + NUL + "d\": 1}}"), "stepData");
        refused(
                patch(id, "{\"stepData\": {\"pads\": {\"photos\": [\"ok\", \"" + NUL + "\"]}}}"),
                "stepData.pads.photos[1]");
        refused(patch(id, "{\"stepData\": {\"deep\": {\"k" + NUL + "\": true}}}"), "stepData.deep.k\uFFFD");
        assertThat(version(id)).isEqualTo(1L);
        patch(id, "{\"stepData\": {\"notes\": \"fine\"}}").then().statusCode(200);
    }

    @Test
    void inTheInspectionResult() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        refused(
                Fixtures.complete(
                        token, id, Fixtures.VALID_RESULT.replace("\"notes\": \"ok\"", "\"notes\": \"o" + NUL + "k\"")),
                "result.notes");
        refused(
                Fixtures.complete(token, id, Fixtures.VALID_RESULT.replace("\"entrance\"", "\"en" + NUL + "trance\"")),
                "result.signage[0]");
        refused(
                Fixtures.complete(
                        token,
                        id,
                        Fixtures.VALID_RESULT.replace("{\"alarm\": \"normal\"}", "{\"al" + NUL + "arm\": \"normal\"}")),
                "result.storage.checklist");
        assertThat(Database.count("inspection.inspections", "session_id = ?::uuid", id))
                .isZero();
        Fixtures.complete(token, id, Fixtures.VALID_RESULT).then().statusCode(200);
    }

    @Test
    void inReasonsAndSerials() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        refused(
                given().auth()
                        .oauth2(token)
                        .contentType("application/json")
                        .body("{\"reason\": \"battery" + NUL + "\"}")
                        .post("/api/inspections/sessions/" + id + "/cancel"),
                "reason");
        assertThat(Database.<String>scalar("SELECT status FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo("active");
        refused(
                given().auth()
                        .oauth2(Tokens.localAdmin("nul-admin-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO))
                        .contentType("application/json")
                        .body("{\"reason\": \"no" + NUL + "\"}")
                        .post("/api/inspections/" + UUID.randomUUID() + "/reject"),
                "reason");
        refused(
                given().auth()
                        .oauth2(token)
                        .contentType("application/json")
                        .body("{\"equipmentSerial\": \"T-" + NUL + "\"}")
                        .post("/api/inspections/sessions"),
                "equipmentSerial");
        assertThat(Database.count("inspection.sessions", "inspector_id = ?", inspectorId))
                .isEqualTo(1);
    }

    @Test
    void inQueryParametersAndPathIds() {
        refused(
                given().auth()
                        .oauth2(token)
                        .urlEncodingEnabled(false)
                        .get("/api/inspections/sessions?equipmentSerial=T%00x"),
                "equipmentSerial");
        refused(
                given().auth().oauth2(token).urlEncodingEnabled(false).get("/api/inspections?inspectorId=%00"),
                "inspectorId");
        refused(
                given().auth()
                        .oauth2(token)
                        .urlEncodingEnabled(false)
                        .get("/api/inspections/assignments?status=pending%00"),
                "status");
        refused(
                given().auth().oauth2(token).urlEncodingEnabled(false).get("/api/inspections/sessions/abc%00def"),
                "id");
        refused(
                given().auth()
                        .oauth2(token)
                        .urlEncodingEnabled(false)
                        .contentType("application/json")
                        .body("{\"currentStep\": 1}")
                        .patch("/api/inspections/sessions/%00"),
                "id");
    }
}
