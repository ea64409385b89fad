package pics.aed.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.ChunkedRequests;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Every error path answers application/problem+json and changes nothing. */
@QuarkusTest
class ProblemResponsesTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private final String token = Tokens.inspector("problem-" + UUID.randomUUID(), "서울특별시", "종로구");

    private ValidatableResponse post(String body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/test/widgets")
                .then()
                .contentType(PROBLEM_JSON);
    }

    @Test
    void malformedJsonIsValidationProblemAndWritesNothing() {
        long before = Database.count("platform_test.widgets");
        post("{\"name\": \"a\",")
                .statusCode(400)
                .body("type", equalTo("https://aed.pics/problems/validation"))
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("body"))
                .body("detail", containsString("Malformed JSON"));
        assertThat(Database.count("platform_test.widgets")).isEqualTo(before);
    }

    @Test
    void wrongTypeNamesTheField() {
        post("{\"name\": \"w\", \"size\": \"big\"}")
                .statusCode(400)
                .body("errors.field", hasItem("size"))
                .body("errors[0].message", containsString("number"));
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        post("{\"name\": \"w\", \"colour\": \"purple\"}")
                .statusCode(400)
                .body("errors[0].field", equalTo("colour"))
                .body("errors[0].message", containsString("allowed: red, green"));
    }

    @Test
    void malformedDateIsValidation() {
        post("{\"name\": \"w\", \"madeOn\": \"2026-13-45\"}")
                .statusCode(400)
                .body("errors[0].field", equalTo("madeOn"))
                .body("errors[0].message", containsString("ISO date"));
    }

    @Test
    void beanValidationListsEveryField() {
        post("{\"name\": \"" + "x".repeat(51) + "\", \"size\": 21}")
                .statusCode(400)
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("size"));
        post("{\"name\": \"  \"}").statusCode(400).body("errors[0].field", equalTo("name"));
        post("").statusCode(400);
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String twoMiB = "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        long before = Database.count("platform_test.widgets");
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(twoMiB)
                .post("/test/widgets")
                .then()
                .statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://aed.pics/problems/payload-too-large"));
        assertThat(Database.count("platform_test.widgets")).isEqualTo(before);
    }

    @Test
    void chunkedBodyOverOneMebibyteIs413AndWritesNothing() {
        long before = Database.count("platform_test.widgets");

        ChunkedRequests.Answer answer = ChunkedRequests.send(
                "POST", "/test/widgets", token, "application/json", "{\"name\": \"", 2 * 1024 * 1024, "\"}");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
        assertThat(answer.body())
                .contains("https://aed.pics/problems/payload-too-large")
                .contains(String.valueOf(1024 * 1024));
        assertThat(Database.count("platform_test.widgets")).isEqualTo(before);
    }

    @Test
    void chunkedBodyWithinTheLimitIsReadAsUsual() {
        String name = "chunked-" + UUID.randomUUID().toString().substring(0, 8);

        ChunkedRequests.Answer answer = ChunkedRequests.send(
                "POST", "/test/widgets", token, "application/json", "{\"name\": \"" + name + "\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isEqualTo(1);
    }

    @Test
    void unknownRouteIs404Problem() {
        given().auth()
                .oauth2(token)
                .get("/api/no-such-thing")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://aed.pics/problems/not-found"));
        given().get("/nothing/here").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() {
        String body = given().auth()
                .oauth2(Tokens.master("boss"))
                .get("/test/widgets/boom")
                .then()
                .statusCode(500)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://aed.pics/problems/internal-error"))
                .body("reference", notNullValue())
                .extract()
                .asString();
        assertThat(body).doesNotContain("SELECT", "hunter2", "IllegalStateException", "at pics.aed");
    }

    @Test
    void namedConstraintMapsToItsProblem() {
        String name = "dup-" + UUID.randomUUID();
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .post("/test/widgets")
                .then()
                .statusCode(201);
        post("{\"name\": \"" + name + "\"}")
                .statusCode(409)
                .body("type", equalTo("https://aed.pics/problems/widget-exists"))
                .body("detail", not(containsString("widgets_name_key")));
        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isEqualTo(1);
    }

    @Test
    void wrongMethodIs405Problem() {
        given().auth()
                .oauth2(token)
                .delete("/test/widgets")
                .then()
                .statusCode(405)
                .contentType(PROBLEM_JSON);
    }
}
