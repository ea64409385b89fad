package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.MatrixCallers;
import pics.aed.testsupport.Tokens;

/**
 * Each role, in and out of scope, against each endpoint (docs/architecture.md "Security"): outside the scope is 404, a role that
 * may not call is 403, a visible object the caller may not change is 403, and so is another inspector's session in
 * the caller's own area (it may not read it, but it works there: the write is forbidden, not unknown).
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private final String ownerId = "owner-" + UUID.randomUUID();
    private final String owner = Tokens.inspector(ownerId, Fixtures.SEOUL, Fixtures.JONGNO);

    /** Caller name → token; every caller is fresh so that no session of theirs exists yet. */
    private Map<String, String> callers(String suffix) {
        return MatrixCallers.around(suffix);
    }

    private Map<String, Integer> statuses(Function<String, Response> call) {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        callers(UUID.randomUUID().toString())
                .forEach((name, token) -> statuses.put(name, call.apply(token).statusCode()));
        return statuses;
    }

    @Test
    void start() {
        Map<String, Integer> expected = Map.of(
                "inspector-same-gugun",
                201,
                "inspector-other-gugun",
                404,
                "local-admin-in",
                201,
                "local-admin-out",
                404,
                "regional-admin-in",
                403,
                "regional-admin-out",
                403,
                "master",
                201,
                "service",
                403);
        // a fresh device per caller, so that every allowed start creates its own session
        Map<String, Integer> actual = statuses(token -> Fixtures.start(token, Fixtures.deviceInJongno()));
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void startOnAnAssignedDeviceOutsideOwnGugun() {
        String inspectorId = "assigned-" + UUID.randomUUID();
        String inspector = Tokens.inspector(inspectorId, Fixtures.SEOUL, Fixtures.GANGNAM);
        String serial = Fixtures.deviceInJongno();
        Fixtures.start(inspector, serial).then().statusCode(404);
        Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        Fixtures.start(inspector, serial).then().statusCode(201);
    }

    @Test
    void read() {
        String id = Fixtures.startedSessionId(owner, Fixtures.deviceInJongno());
        Map<String, Integer> expected = Map.of(
                "inspector-same-gugun",
                404,
                "inspector-other-gugun",
                404,
                "local-admin-in",
                200,
                "local-admin-out",
                404,
                "regional-admin-in",
                200,
                "regional-admin-out",
                404,
                "master",
                200,
                "service",
                200);
        assertThat(statuses(token -> given().auth().oauth2(token).get("/api/inspections/sessions/" + id)))
                .containsExactlyInAnyOrderEntriesOf(expected);
        given().auth()
                .oauth2(owner)
                .get("/api/inspections/sessions/" + id)
                .then()
                .statusCode(200);
    }

    @Test
    void saveProgressIsTheOwnersAlone() {
        String id = Fixtures.startedSessionId(owner, Fixtures.deviceInJongno());
        Map<String, Integer> expected = Map.of(
                "inspector-same-gugun",
                403,
                "inspector-other-gugun",
                404,
                "local-admin-in",
                403,
                "local-admin-out",
                404,
                "regional-admin-in",
                403,
                "regional-admin-out",
                403,
                "master",
                403,
                "service",
                403);
        assertThat(statuses(token -> given().auth()
                        .oauth2(token)
                        .contentType("application/json")
                        .body("{\"currentStep\": 1}")
                        .patch("/api/inspections/sessions/" + id)))
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void completeIsTheOwnersAlone() {
        String id = Fixtures.startedSessionId(owner, Fixtures.deviceInJongno());
        Map<String, Integer> expected = Map.of(
                "inspector-same-gugun",
                403,
                "inspector-other-gugun",
                404,
                "local-admin-in",
                403,
                "local-admin-out",
                404,
                "regional-admin-in",
                403,
                "regional-admin-out",
                403,
                "master",
                403,
                "service",
                403);
        assertThat(statuses(token -> Fixtures.complete(token, id, Fixtures.VALID_RESULT)))
                .containsExactlyInAnyOrderEntriesOf(expected);
        Fixtures.complete(owner, id, Fixtures.VALID_RESULT).then().statusCode(200);
    }

    @Test
    void cancelByOwnerOrAdminInScope() {
        Map<String, Integer> expected = Map.of(
                "inspector-same-gugun",
                403,
                "inspector-other-gugun",
                404,
                "local-admin-in",
                200,
                "local-admin-out",
                404,
                "regional-admin-in",
                403,
                "regional-admin-out",
                403,
                "master",
                200,
                "service",
                403);
        Map<String, Integer> actual = statuses(token -> {
            String id = Fixtures.startedSessionId(owner, Fixtures.deviceInJongno());
            return given().auth().oauth2(token).post("/api/inspections/sessions/" + id + "/cancel");
        });
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void listsAreScoped() {
        String serial = Fixtures.deviceInJongno();
        Fixtures.startedSessionId(owner, serial);
        Map<String, Integer> expectedTotals = Map.of(
                "inspector-same-gugun",
                0,
                "inspector-other-gugun",
                0,
                "local-admin-in",
                1,
                "local-admin-out",
                0,
                "regional-admin-in",
                1,
                "regional-admin-out",
                0,
                "master",
                1,
                "service",
                1);
        Map<String, Integer> totals = new LinkedHashMap<>();
        callers(UUID.randomUUID().toString())
                .forEach((name, token) -> totals.put(
                        name,
                        given().auth()
                                .oauth2(token)
                                .get("/api/inspections/sessions?equipmentSerial=" + serial)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("total")));
        assertThat(totals).containsExactlyInAnyOrderEntriesOf(expectedTotals);
    }

    @Test
    void withoutTokenEverythingIs401() {
        given().get("/api/inspections/sessions").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json")
                .body("{\"equipmentSerial\": \"x\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(401);
        given().get("/api/inspections/assignments").then().statusCode(401);
        given().get("/api/inspections").then().statusCode(401);
        given().auth()
                .oauth2(Tokens.expired("kim"))
                .get("/api/inspections")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(Tokens.signedByAnotherKey("kim"))
                .get("/api/inspections")
                .then()
                .statusCode(401);
    }
}
