package pics.aed.schedules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.MatrixCallers;
import pics.aed.testsupport.Tokens;

/**
 * Each role, in and out of scope, against each endpoint (docs/architecture.md "Security"): outside the scope is 404,
 * a role that may not call is 403, no token is 401; and the database shows that refused calls changed nothing.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private static final String ASSIGNEE = "assignee-" + UUID.randomUUID();

    private static Map<String, String> callers() {
        String suffix = UUID.randomUUID().toString();
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("inspector-assigned", Tokens.inspector(ASSIGNEE, Fixtures.SEOUL, Fixtures.JONGNO));
        callers.putAll(MatrixCallers.around(suffix));
        return callers;
    }

    /** Calls once per caller, each against a fresh schedule of a fresh Jongno device assigned to ASSIGNEE. */
    private static Map<String, Integer> statuses(BiFunction<String, String, Response> call) {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        String admin = Tokens.localAdmin("setup-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO);
        callers().forEach((name, token) -> {
            String serial = Fixtures.deviceInJongno();
            String id = Fixtures.createdId(admin, serial, Fixtures.future(30), ASSIGNEE);
            statuses.put(name, call.apply(token, id).statusCode());
            if (statuses.get(name) >= 400) {
                assertThat(Database.<Long>scalar("SELECT version FROM scheduling.schedules WHERE id = ?::uuid", id))
                        .as(name + " changed nothing")
                        .isEqualTo(1L);
            }
        });
        return statuses;
    }

    private static Map<String, Integer> expect(int... codes) {
        String[] names = {
            "inspector-assigned",
            "inspector-same-gugun",
            "inspector-other-gugun",
            "local-admin-in",
            "local-admin-out",
            "regional-admin-in",
            "regional-admin-out",
            "master",
            "service"
        };
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            expected.put(names[i], codes[i]);
        }
        return expected;
    }

    @Test
    void create() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        callers().forEach((name, token) -> {
            String serial = Fixtures.deviceInJongno();
            statuses.put(
                    name,
                    Fixtures.create(token, serial, Fixtures.future(30), "kim").statusCode());
            if (statuses.get(name) != 201) {
                assertThat(Fixtures.liveSchedules(serial)).as(name).isZero();
            }
        });
        assertThat(statuses).isEqualTo(expect(403, 403, 403, 201, 404, 403, 403, 201, 403));
    }

    @Test
    void get() {
        assertThat(statuses((token, id) -> Fixtures.as(token).get("/api/schedules/" + id)))
                .isEqualTo(expect(200, 404, 404, 200, 404, 200, 404, 200, 200));
    }

    @Test
    void list() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        String admin = Tokens.localAdmin("setup-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO);
        String serial = Fixtures.deviceInJongno();
        Fixtures.createdId(admin, serial, Fixtures.future(30), ASSIGNEE);
        callers()
                .forEach((name, token) -> seen.put(
                        name,
                        Fixtures.as(token)
                                .get("/api/schedules?equipmentSerial=" + serial)
                                .then()
                                .statusCode(200)
                                .extract()
                                .<Integer>path("total")));
        assertThat(seen).isEqualTo(expect(1, 0, 0, 1, 0, 1, 0, 1, 1));
    }

    @Test
    void patch() {
        assertThat(statuses((token, id) ->
                        Fixtures.as(token).body("{\"priority\": \"urgent\"}").patch("/api/schedules/" + id)))
                .isEqualTo(expect(403, 403, 403, 200, 404, 403, 403, 200, 403));
    }

    @Test
    void cancel() {
        assertThat(statuses((token, id) ->
                        Fixtures.as(token).body("{\"reason\": \"matrix\"}").post("/api/schedules/" + id + "/cancel")))
                .isEqualTo(expect(403, 403, 403, 200, 404, 403, 403, 200, 403));
    }

    @Test
    void plans() {
        String gugun = Fixtures.uniqueGugun();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        String suffix = UUID.randomUUID().toString();
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("inspector", Tokens.inspector("pi-" + suffix, Fixtures.SEOUL, gugun));
        callers.put("local-admin-in", Tokens.localAdmin("pla1-" + suffix, Fixtures.SEOUL, gugun));
        callers.put("local-admin-out", Tokens.localAdmin("pla2-" + suffix, Fixtures.SEOUL, Fixtures.GANGNAM));
        callers.put("regional-admin-in", Tokens.regionalAdmin("pra-" + suffix, Fixtures.SEOUL));
        callers.put("service", Tokens.service("ps-" + suffix));
        callers.put("master", Tokens.master("pm-" + suffix));
        callers.forEach((name, token) -> {
            Fixtures.device(Fixtures.SEOUL, gugun, "active");
            statuses.put(
                    name,
                    MonthlyPlanTest.plan(token, Fixtures.SEOUL, gugun, "kim", null)
                            .statusCode());
        });
        assertThat(statuses)
                .containsEntry("inspector", 403)
                .containsEntry("local-admin-in", 201)
                .containsEntry("local-admin-out", 403)
                .containsEntry("regional-admin-in", 403)
                .containsEntry("service", 403)
                .containsEntry("master", 201);
        // local-admin-in planned 2 devices; the three refused callers' devices waited for master
        assertThat(Database.<Long>scalar(
                        "SELECT count(*) FROM scheduling.plans WHERE gugun = ? AND created > 0", gugun))
                .isEqualTo(2L);
    }

    @Test
    void withoutATokenEverythingIs401() {
        UUID id = UUID.randomUUID();
        assertThat(given().get("/api/schedules").statusCode()).isEqualTo(401);
        assertThat(given().get("/api/schedules/" + id).statusCode()).isEqualTo(401);
        assertThat(given().contentType("application/json")
                        .body("{}")
                        .post("/api/schedules")
                        .statusCode())
                .isEqualTo(401);
        assertThat(given().contentType("application/json")
                        .body("{}")
                        .patch("/api/schedules/" + id)
                        .statusCode())
                .isEqualTo(401);
        assertThat(given().contentType("application/json")
                        .body("{\"reason\": \"x\"}")
                        .post("/api/schedules/" + id + "/cancel")
                        .statusCode())
                .isEqualTo(401);
        assertThat(given().contentType("application/json")
                        .body("{}")
                        .post("/api/schedules/plans")
                        .statusCode())
                .isEqualTo(401);
        assertThat(given().get("/api/schedules/compliance?month=2027-01").statusCode())
                .isEqualTo(401);
        assertThat(given().auth()
                        .oauth2(Tokens.expired("late"))
                        .get("/api/schedules")
                        .statusCode())
                .isEqualTo(401);
    }
}
