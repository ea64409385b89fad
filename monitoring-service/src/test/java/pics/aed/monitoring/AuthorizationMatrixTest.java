package pics.aed.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pics.aed.testsupport.Tokens;

/**
 * Each role against each endpoint (the HTTP contract "monitoring-service"): audits master and service; summary,
 * readiness and alerts also admins within their scope; the cron endpoint the service role only; inspectors nothing
 * here. A token without the scope claims its role needs is refused, never treated as national.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private static final String SEOUL = Planted.SEOUL;

    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("inspector", Tokens.inspector("i", SEOUL, Planted.JONGNO));
        callers.put("local-admin", Tokens.localAdmin("la", SEOUL, Planted.JONGNO));
        callers.put(
                "local-admin-without-gugun",
                Tokens.as(Tokens.LOCAL_ADMIN, "la0").sido(SEOUL).sign());
        callers.put("regional-admin", Tokens.regionalAdmin("ra", SEOUL));
        callers.put(
                "regional-admin-without-sido",
                Tokens.as(Tokens.REGIONAL_ADMIN, "ra0").sign());
        callers.put("master", Tokens.master("m"));
        callers.put("service", Tokens.service("s"));
        callers.put("no-role", Tokens.as("visitor", "v").sign());
        return callers;
    }

    private static Map<String, Integer> statuses(Function<String, Response> call) {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        callers().forEach((name, token) -> statuses.put(name, call.apply(token).statusCode()));
        return statuses;
    }

    private static Map<String, Integer> expect(int admins, int adminsWithoutClaims, int national) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("inspector", 403);
        expected.put("local-admin", admins);
        expected.put("local-admin-without-gugun", adminsWithoutClaims);
        expected.put("regional-admin", admins);
        expected.put("regional-admin-without-sido", adminsWithoutClaims);
        expected.put("master", national);
        expected.put("service", national);
        expected.put("no-role", 403);
        return expected;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/monitoring/duplicate-sessions",
                "/api/monitoring/duplicate-schedules",
                "/api/monitoring/consistency"
            })
    void auditsAreForMasterAndService(String path) {
        assertThat(statuses(token -> given().auth().oauth2(token).get(path)))
                .containsExactlyInAnyOrderEntriesOf(expect(403, 403, 200));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/monitoring/summary",
                "/api/monitoring/readiness",
                "/api/monitoring/readiness/devices?problem=pad-expired",
                "/api/monitoring/alerts"
            })
    void adminsSeeTheirScope(String path) {
        assertThat(statuses(token -> given().auth().oauth2(token).get(path)))
                .containsExactlyInAnyOrderEntriesOf(expect(200, 403, 200));
    }

    @Test
    void cronIsForTheServiceRoleOnly() {
        Map<String, Integer> expected = expect(403, 403, 403);
        expected.put("service", 200);
        assertThat(statuses(token -> given().auth().oauth2(token).post("/api/cron/monitor")))
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void withoutATokenEverythingIs401() {
        for (String path : new String[] {"/api/monitoring/summary", "/api/monitoring/consistency"}) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
        }
        given().post("/api/cron/monitor").then().statusCode(401).contentType("application/problem+json");
        given().auth()
                .oauth2(Tokens.expired("m"))
                .get("/api/monitoring/alerts")
                .then()
                .statusCode(401);
    }

    @Test
    void anAdminAskingForAnotherRegionIsRefused() {
        given().auth()
                .oauth2(Tokens.localAdmin("la", SEOUL, Planted.JONGNO))
                .get("/api/monitoring/readiness?sido={s}&gugun={g}", Planted.BUSAN, Planted.HAEUNDAE)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(Tokens.regionalAdmin("ra", SEOUL))
                .get("/api/monitoring/summary?sido={s}", Planted.BUSAN)
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Tokens.regionalAdmin("ra", SEOUL))
                .get("/api/monitoring/readiness?gugun={g}", Planted.JONGNO)
                .then()
                .statusCode(200);
    }

    @Test
    void adminsSeeNationalAlertsAndTheirOwnRegionsOnly() {
        String mine = "내구-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        String theirs = "남구-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        pics.aed.testsupport.Database.execute(
                """
                INSERT INTO monitoring.alerts (id, rule, fingerprint, severity, status, summary, labels, starts_at,
                                               ends_at, last_evaluated_at)
                VALUES (gen_random_uuid(), 'device-readiness', ?, 'critical', 'resolved', 'mine',
                        jsonb_build_object('sido', ?::text, 'gugun', ?::text), now(), now(), now()),
                       (gen_random_uuid(), 'device-readiness', ?, 'critical', 'resolved', 'theirs',
                        jsonb_build_object('sido', ?::text, 'gugun', ?::text), now(), now(), now()),
                       (gen_random_uuid(), 'sync-failing', ?, 'critical', 'resolved', 'national', '{}', now(), now(),
                        now())""", mine, SEOUL, mine, theirs, Planted.BUSAN, theirs, "national-" + mine);
        var seen = given().auth()
                .oauth2(Tokens.localAdmin("la", SEOUL, mine))
                .get("/api/monitoring/alerts?status=resolved&size=500")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.fingerprint", String.class);
        assertThat(seen).contains(mine, "national-" + mine).doesNotContain(theirs);
    }
}
