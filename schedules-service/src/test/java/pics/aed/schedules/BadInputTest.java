package pics.aed.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Bad input answers 400/404/409/412 with a problem that says what is wrong, and changes no row. */
@QuarkusTest
class BadInputTest {

    private final String admin = Tokens.localAdmin("bad-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO);
    private final String master = Tokens.master("bad-master-" + UUID.randomUUID());

    private static void problem(Response response, int status, String type) {
        response.then().statusCode(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat((String) response.path("type")).isEqualTo("https://aed.pics/problems/" + type);
        assertThat((String) response.path("detail")).isNotBlank();
    }

    private Response create(String body) {
        return Fixtures.as(admin).body(body).post("/api/schedules");
    }

    @Test
    void createRefusesWhatIsWrongAndLeavesNoRow() {
        String serial = Fixtures.deviceInJongno();
        OffsetDateTime at = Fixtures.future(40);
        String valid = Fixtures.createBody(serial, at, "kim");

        problem(
                create(Fixtures.createBody(
                        "NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8), at, "kim")),
                404,
                "not-found");
        problem(create(Fixtures.createBody(serial, OffsetDateTime.now().minusMinutes(10), "kim")), 400, "validation");
        problem(create(valid.replace("}", ", \"dueAt\": \"" + at.minusMinutes(1) + "\"}")), 400, "validation");
        Response longNotes = create(valid.replace("}", ", \"notes\": \"" + "n".repeat(2001) + "\"}"));
        problem(longNotes, 400, "validation");
        assertThat((String) longNotes.path("errors[0].field")).contains("notes");
        problem(create(valid.replace("}", ", \"priority\": \"extreme\"}")), 400, "validation");
        problem(create(Fixtures.createBody(serial, at, "k".repeat(129))), 400, "validation");
        problem(create(Fixtures.createBody(serial, at, " ")), 400, "validation");
        problem(create(valid.replace(at.toString(), "2026-12-24T10:00:00")), 400, "validation");
        problem(create("{\"equipmentSerial\": "), 400, "validation");
        problem(create("{}"), 400, "validation");
        problem(create(Fixtures.createBody("bad serial!", at, "kim")), 400, "validation");
        assertThat(Database.count("scheduling.schedules", "equipment_serial = ?", serial))
                .isZero();

        String inactive = Fixtures.device(Fixtures.SEOUL, Fixtures.JONGNO, "missing");
        problem(create(Fixtures.createBody(inactive, at, "kim")), 409, "device-not-active");
        assertThat(Database.count("scheduling.schedules", "equipment_serial = ?", inactive))
                .isZero();
    }

    @Test
    void patchAndCancelRefuseWhatIsWrongAndChangeNothing() {
        String serial = Fixtures.deviceInJongno();
        OffsetDateTime at = Fixtures.future(41);
        String id = Fixtures.createdId(admin, serial, at, "kim");
        String path = "/api/schedules/" + id;

        problem(
                Fixtures.as(admin)
                        .body("{\"scheduledFor\": \"" + OffsetDateTime.now().minusHours(1) + "\"}")
                        .patch(path),
                400,
                "validation");
        problem(
                Fixtures.as(admin)
                        .body("{\"dueAt\": \"" + at.minusHours(1) + "\"}")
                        .patch(path),
                400,
                "validation");
        problem(
                Fixtures.as(admin)
                        .body("{\"notes\": \"" + "n".repeat(2001) + "\"}")
                        .patch(path),
                400,
                "validation");
        problem(Fixtures.as(admin).body("{\"assigneeId\": \"\"}").patch(path), 400, "validation");
        Response stale = Fixtures.as(admin)
                .header("If-Match", "\"7\"")
                .body("{\"priority\": \"high\"}")
                .patch(path);
        problem(stale, 412, "version-conflict");
        problem(
                Fixtures.as(admin)
                        .header("If-Match", "seven")
                        .body("{\"priority\": \"high\"}")
                        .patch(path),
                400,
                "validation");
        problem(Fixtures.as(admin).body("{}").post(path + "/cancel"), 400, "validation");
        problem(
                Fixtures.as(admin)
                        .body("{\"reason\": \"" + "r".repeat(501) + "\"}")
                        .post(path + "/cancel"),
                400,
                "validation");
        problem(
                Fixtures.as(admin).body("{\"reason\": \"x\"}").post("/api/schedules/" + UUID.randomUUID() + "/cancel"),
                404,
                "not-found");
        assertThat(Database.<Long>scalar("SELECT version FROM scheduling.schedules WHERE id = ?::uuid", id))
                .isEqualTo(1L);

        Fixtures.as(admin)
                .header("If-Match", "\"1\"")
                .body("{\"priority\": \"high\"}")
                .patch(path)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"");

        UUID done = Fixtures.scheduleRow(serial, Fixtures.SEOUL, Fixtures.JONGNO, at.plusDays(1), "completed");
        Response finished = Fixtures.as(admin).body("{\"priority\": \"low\"}").patch("/api/schedules/" + done);
        problem(finished, 409, "invalid-transition");
        assertThat((String) finished.path("from")).isEqualTo("completed");
        problem(
                Fixtures.as(admin).body("{\"reason\": \"late\"}").post("/api/schedules/" + done + "/cancel"),
                409,
                "invalid-transition");
        assertThat(Database.<String>scalar(
                        "SELECT status FROM scheduling.schedules WHERE id = ?::uuid", done.toString()))
                .isEqualTo("completed");
    }

    @Test
    void plansRefuseBadMonthsAndSizes() {
        String gugun = Fixtures.uniqueGugun();
        Fixtures.device(Fixtures.SEOUL, gugun, "active");
        String next = MonthlyPlanTest.NEXT_MONTH.toString();
        String body = "{\"month\": \"%s\", \"sido\": \"" + Fixtures.SEOUL + "\", \"gugun\": \"" + gugun
                + "\", \"assigneeId\": \"kim\", \"perDay\": %d}";
        problem(
                Fixtures.as(master).body(body.formatted("2026-13", 20)).post("/api/schedules/plans"),
                400,
                "validation");
        problem(
                Fixtures.as(master).body(body.formatted("2020-01", 20)).post("/api/schedules/plans"),
                400,
                "validation");
        problem(Fixtures.as(master).body(body.formatted(next, 0)).post("/api/schedules/plans"), 400, "validation");
        problem(Fixtures.as(master).body(body.formatted(next, 201)).post("/api/schedules/plans"), 400, "validation");
        problem(
                Fixtures.as(master)
                        .body("{\"month\": \"" + next + "\", \"gugun\": \"" + gugun + "\", \"assigneeId\": \"kim\"}")
                        .post("/api/schedules/plans"),
                400,
                "validation");
        problem(
                Fixtures.as(master)
                        .body("{\"month\": \"" + next + "\", \"sido\": \"" + Fixtures.SEOUL + "\", \"gugun\": \""
                                + gugun + "\"}")
                        .post("/api/schedules/plans"),
                400,
                "validation");
        assertThat(Database.count("scheduling.schedules", "gugun = ?", gugun)).isZero();
        assertThat(Database.count("scheduling.plans", "gugun = ?", gugun)).isZero();
    }

    @Test
    void listsRefuseBadFilters() {
        for (String query :
                new String[] {"size=0", "size=501", "page=-1", "status=lost", "planId=abc", "from=yesterday"}) {
            problem(Fixtures.as(master).get("/api/schedules?" + query), 400, "validation");
        }
        problem(Fixtures.as(master).get("/api/schedules/" + UUID.randomUUID()), 404, "not-found");
    }
}
