package pics.aed.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** 401 for a missing, expired, foreign-signed or foreign-issued token; 403 for a role that may not call. */
@QuarkusTest
class AuthenticationTest {

    private static final String BODY = "{\"name\": \"auth-probe\"}";

    @Test
    void withoutTokenIs401() {
        given().contentType("application/json")
                .body(BODY)
                .post("/test/widgets")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://aed.pics/problems/unauthenticated"));
    }

    @Test
    void expiredTokenIs401() {
        given().auth()
                .oauth2(Tokens.expired("kim"))
                .contentType("application/json")
                .body(BODY)
                .post("/test/widgets")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/unauthenticated"));
    }

    @Test
    void tokenSignedByAnotherKeyIs401() {
        given().auth()
                .oauth2(Tokens.signedByAnotherKey("kim"))
                .contentType("application/json")
                .body(BODY)
                .post("/test/widgets")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void tokenFromAnotherIssuerIs401() {
        String token =
                Tokens.as(Tokens.MASTER, "kim").issuer("https://evil.example").sign();
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(BODY)
                .post("/test/widgets")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void tokenForAnotherAudienceOrNoneIs401() {
        for (String token : java.util.List.of(
                Tokens.as(Tokens.MASTER, "kim").audience("another-system").sign(),
                Tokens.as(Tokens.MASTER, "kim").audience(null).sign())) {
            given().auth()
                    .oauth2(token)
                    .contentType("application/json")
                    .body(BODY)
                    .post("/test/widgets")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
        }
        given().auth()
                .oauth2(Tokens.master("kim"))
                .get("/test/widgets/regions/서울특별시/종로구")
                .then()
                .statusCode(200);
    }

    @Test
    void garbageTokenIs401() {
        given().header("Authorization", "Bearer not.a.jwt")
                .contentType("application/json")
                .body(BODY)
                .post("/test/widgets")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void roleNotAllowedIs403AndChangesNothing() {
        given().auth()
                .oauth2(Tokens.regionalAdmin("reg", "서울특별시"))
                .contentType("application/json")
                .body(BODY)
                .post("/test/widgets")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/forbidden"));
        assertThat(Database.count("platform_test.widgets", "name = ?", "auth-probe"))
                .isZero();
    }

    @Test
    void scopeAnswers404OutsideAnd403ForReadOnly() {
        String seoul = "/test/widgets/regions/서울특별시/종로구";
        String busan = "/test/widgets/regions/부산광역시/해운대구";
        String inspector = Tokens.inspector("kim", "서울특별시", "종로구");
        given().auth().oauth2(inspector).get(seoul).then().statusCode(200);
        given().auth().oauth2(inspector).get(busan).then().statusCode(404).contentType("application/problem+json");
        String regional = Tokens.regionalAdmin("reg", "서울특별시");
        given().auth().oauth2(regional).get(seoul).then().statusCode(200);
        given().auth().oauth2(regional).post(seoul).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(regional).post(busan).then().statusCode(404);
        given().auth().oauth2(Tokens.master("m")).post(busan).then().statusCode(200);
    }
}
