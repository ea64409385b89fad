package pics.aed.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Tokens;

/**
 * The platform refuses a token whose role needs scope claims it lacks, on every endpoint of every service (here:
 * the test application's), before the endpoint runs.
 */
@QuarkusTest
class ScopeClaimsTest {

    private static final String JONGNO = "/test/widgets/regions/서울특별시/종로구";

    private static void refused(Response response) {
        response.then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/forbidden"))
                .body("detail", containsString("lacks scope claims"));
    }

    @Test
    void localAdminWithoutGugunIsRefused() {
        String token = Tokens.as(Tokens.LOCAL_ADMIN, "la").sido("서울특별시").sign();
        refused(given().auth().oauth2(token).get(JONGNO));
        refused(given().auth().oauth2(token).post(JONGNO));
        refused(given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"name\": \"unscoped\"}")
                .post("/test/widgets"));
    }

    @Test
    void regionalRolesWithoutSidoAreRefused() {
        refused(given().auth()
                .oauth2(Tokens.as(Tokens.REGIONAL_ADMIN, "ra").sign())
                .get(JONGNO));
        refused(given().auth()
                .oauth2(Tokens.as(Tokens.LOCAL_ADMIN, "la").gugun("종로구").sign())
                .get(JONGNO));
        refused(given().auth()
                .oauth2(Tokens.as(Tokens.INSPECTOR, "in").gugun("종로구").sign())
                .get(JONGNO));
    }

    @Test
    void scopedAndNationalTokensPass() {
        given().auth()
                .oauth2(Tokens.localAdmin("la", "서울특별시", "종로구"))
                .get(JONGNO)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(Tokens.regionalAdmin("ra", "서울특별시"))
                .get(JONGNO)
                .then()
                .statusCode(200);
        given().auth().oauth2(Tokens.master("root")).get(JONGNO).then().statusCode(200);
    }

    @Test
    void withoutATokenItIsStill401() {
        given().get(JONGNO).then().statusCode(401);
    }
}
