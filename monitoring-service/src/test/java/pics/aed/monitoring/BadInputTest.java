package pics.aed.monitoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Bad query parameters are 400 validation problems naming the parameter, and change nothing. */
@QuarkusTest
class BadInputTest {

    @ParameterizedTest
    @CsvSource({
        "/api/monitoring/readiness/devices?problem=battery-flat, problem",
        "/api/monitoring/readiness/devices, problem",
        "/api/monitoring/readiness/devices?problem=pad-expired&size=501, size",
        "/api/monitoring/readiness/devices?problem=pad-expired&page=-1, page",
        "/api/monitoring/readiness?withinDays=-1, withinDays",
        "/api/monitoring/readiness?withinDays=10000, withinDays",
        "/api/monitoring/readiness?withinDays=soon, withinDays",
        "/api/monitoring/readiness/devices?problem=pad-expiring&withinDays=10000, withinDays",
        "/api/monitoring/readiness?groupBy=planet, groupBy",
        "/api/monitoring/readiness?gugun=종로구, gugun",
        "/api/monitoring/alerts?status=smouldering, status",
        "/api/monitoring/alerts?size=0, size"
    })
    void badParametersAreValidationProblems(String path, String field) {
        long alertsBefore = Database.count("monitoring.alerts");
        given().auth()
                .oauth2(Tokens.master("m"))
                .get(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/validation"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
        org.assertj.core.api.Assertions.assertThat(Database.count("monitoring.alerts"))
                .isEqualTo(alertsBefore);
    }
}
