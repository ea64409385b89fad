package pics.aed.platform.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** U+0000 is refused as 400 validation naming the field, in bodies, query and path parameters, in every service. */
@QuarkusTest
class NulCharactersTest {

    private static final String NUL = "\\u0000";

    private static void refused(Response response, String field) {
        response.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/validation"))
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo(NulCharacters.MESSAGE));
    }

    @Test
    void inAJsonString() {
        String name = "nul-" + UUID.randomUUID();
        refused(
                given().auth()
                        .oauth2(Tokens.master("root"))
                        .contentType("application/json")
                        .body("{\"name\": \"" + name + NUL + "\"}")
                        .post("/test/widgets"),
                "name");
        assertThat(Database.count("platform_test.widgets", "name LIKE ?", name + "%"))
                .isZero();
    }

    @Test
    void inQueryAndPathParameters() {
        refused(
                given().auth()
                        .oauth2(Tokens.master("root"))
                        .urlEncodingEnabled(false)
                        .contentType("application/json")
                        .body("{\"name\": \"q-" + UUID.randomUUID() + "\"}")
                        .post("/test/widgets?slowMillis=1%00"),
                "slowMillis");
        refused(
                given().auth()
                        .oauth2(Tokens.master("root"))
                        .urlEncodingEnabled(false)
                        .get("/test/widgets/regions/%00/x"),
                "sido");
    }

    @Test
    void whatPostgresqlRefusesAnywayIsA400NotA500() {
        // 22P05: an escaped U+0000 in jsonb
        given().auth()
                .oauth2(Tokens.master("root"))
                .contentType("text/plain")
                .body("{\"a\": \"" + NUL + "\"}")
                .post("/test/raw/jsonb")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/validation"));
        // 22021: a NUL byte in text
        given().auth()
                .oauth2(Tokens.master("root"))
                .contentType("text/plain; charset=UTF-8")
                .body("a\u0000b".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/test/raw/text")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://aed.pics/problems/validation"));
        given().auth()
                .oauth2(Tokens.master("root"))
                .contentType("text/plain")
                .body("{\"a\": 1}")
                .post("/test/raw/jsonb")
                .then()
                .statusCode(200);
    }
}
