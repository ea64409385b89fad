package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Tokens;

/**
 * A token whose role needs scope claims it does not carry is refused on every endpoint (403), never read as a
 * national token: before, a local-admin token without claims listed every session, inspection and assignment.
 */
@QuarkusTest
class ScopeClaimsTest {

    private static final List<String> LISTS =
            List.of("/api/inspections/sessions", "/api/inspections", "/api/inspections/assignments");

    private static List<String> unscopedTokens() {
        String suffix = UUID.randomUUID().toString();
        return List.of(
                Tokens.as(Tokens.LOCAL_ADMIN, "la-" + suffix).sign(),
                Tokens.as(Tokens.LOCAL_ADMIN, "la-sido-" + suffix)
                        .sido(Fixtures.SEOUL)
                        .sign(),
                Tokens.as(Tokens.LOCAL_ADMIN, "la-gugun-" + suffix)
                        .gugun(Fixtures.JONGNO)
                        .sign(),
                Tokens.as(Tokens.REGIONAL_ADMIN, "ra-" + suffix).sign(),
                Tokens.as(Tokens.REGIONAL_ADMIN, "ra-gugun-" + suffix)
                        .gugun(Fixtures.JONGNO)
                        .sign(),
                Tokens.as(Tokens.INSPECTOR, "i-" + suffix).sign(),
                Tokens.as(Tokens.INSPECTOR, "i-sido-" + suffix)
                        .sido(Fixtures.SEOUL)
                        .sign(),
                Tokens.as(Tokens.INSPECTOR, "i-blank-" + suffix)
                        .sido(" ")
                        .gugun(Fixtures.JONGNO)
                        .sign());
    }

    @Test
    void listsRefuseATokenWithoutScopeClaims() {
        // there is something to see, so that a missing filter would show
        Fixtures.startedSessionId(
                Tokens.inspector("scope-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO),
                Fixtures.deviceInJongno());
        for (String token : unscopedTokens()) {
            for (String list : LISTS) {
                given().auth()
                        .oauth2(token)
                        .get(list)
                        .then()
                        .statusCode(403)
                        .contentType("application/problem+json")
                        .body("type", equalTo("https://aed.pics/problems/forbidden"))
                        .body("detail", containsString("lacks scope claims"));
            }
        }
    }

    @Test
    void everyOtherEndpointRefusesItToo() {
        String token = Tokens.as(Tokens.LOCAL_ADMIN, "la-" + UUID.randomUUID()).sign();
        String serial = Fixtures.deviceInJongno();
        String id = Fixtures.startedSessionId(
                Tokens.inspector("scope-owner-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO), serial);
        Fixtures.start(token, Fixtures.deviceInJongno()).then().statusCode(403);
        given().auth()
                .oauth2(token)
                .get("/api/inspections/sessions/" + id)
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(token)
                .post("/api/inspections/sessions/" + id + "/cancel")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(token)
                .get("/api/inspections/" + UUID.randomUUID())
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(token)
                .post("/api/inspections/" + UUID.randomUUID() + "/approve")
                .then()
                .statusCode(403);
        assertThat(Fixtures.openSessions(serial)).isEqualTo(1);
    }

    @Test
    void nationalRolesNeedNoClaims() {
        given().auth()
                .oauth2(Tokens.master("m-" + UUID.randomUUID()))
                .get("/api/inspections/sessions")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(Tokens.service("s-" + UUID.randomUUID()))
                .get("/api/inspections/assignments")
                .then()
                .statusCode(200);
    }
}
