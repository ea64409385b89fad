package pics.aed.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Race;
import pics.aed.testsupport.Tokens;

/** Monthly plans, checked against the rows they leave and the events they publish. */
@QuarkusTest
class MonthlyPlanTest {

    static final YearMonth NEXT_MONTH = YearMonth.now(Fixtures.KOREA).plusMonths(1);

    static Response plan(String token, String sido, String gugun, String assignee, Integer perDay) {
        String body = "{\"month\": \"" + NEXT_MONTH + "\", \"sido\": " + quoted(sido) + ", \"gugun\": "
                + quoted(gugun) + ", \"assigneeId\": \"" + assignee + "\""
                + (perDay == null ? "" : ", \"perDay\": " + perDay) + "}";
        return Fixtures.as(token).body(body).post("/api/schedules/plans");
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static List<String> devices(String sido, String gugun, int count, String status) {
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            serials.add(Fixtures.device(sido, gugun, status));
        }
        return serials;
    }

    @Test
    void aGugunPlanSchedulesEachActiveUnplannedDeviceOnceOnWorkingDaysInWorkingHours() {
        String gugun = Fixtures.uniqueGugun();
        List<String> active = devices(Fixtures.SEOUL, gugun, 30, "active");
        List<String> inactive = new ArrayList<>(devices(Fixtures.SEOUL, gugun, 3, "missing"));
        inactive.addAll(devices(Fixtures.SEOUL, gugun, 2, "deletion_suspected"));
        String alreadyPlanned = active.get(0);
        UUID existing = Fixtures.scheduleRow(
                alreadyPlanned,
                Fixtures.SEOUL,
                gugun,
                NEXT_MONTH.atDay(15).atTime(11, 0).atZone(Fixtures.KOREA).toOffsetDateTime(),
                "scheduled");
        String admin = Tokens.localAdmin("planner-" + gugun, Fixtures.SEOUL, gugun);
        String assignee = "plan-kim-" + gugun;

        Response first = plan(admin, Fixtures.SEOUL, gugun, assignee, 2);
        first.then().statusCode(201);
        assertThat((Integer) first.path("created")).isEqualTo(29);
        assertThat((Integer) first.path("alreadyPlanned")).isEqualTo(1);
        assertThat((Integer) first.path("notActive")).isEqualTo(5);
        assertThat((Integer) first.path("overCapacity")).isZero();
        assertThat((String) first.path("month")).isEqualTo(NEXT_MONTH.toString());
        String planId = first.path("planId");

        List<Map<String, Object>> rows = Database.rows(
                """
                SELECT id::text AS id, equipment_serial, assignee_id, status, due_at = ?::timestamptz AS due_ok,
                       (scheduled_for AT TIME ZONE 'Asia/Seoul')::date AS day,
                       (scheduled_for AT TIME ZONE 'Asia/Seoul')::time AS time_of_day,
                       extract(isodow FROM scheduled_for AT TIME ZONE 'Asia/Seoul') AS dow,
                       to_char(scheduled_for AT TIME ZONE 'Asia/Seoul', 'YYYY-MM') AS month
                  FROM scheduling.schedules WHERE plan_id = ?::uuid""",
                NEXT_MONTH
                        .atEndOfMonth()
                        .atTime(23, 59, 59)
                        .atZone(Fixtures.KOREA)
                        .toOffsetDateTime(),
                planId);
        assertThat(rows).hasSize(29);
        Set<String> planned =
                rows.stream().map(r -> (String) r.get("equipment_serial")).collect(Collectors.toSet());
        assertThat(planned).hasSize(29).containsExactlyInAnyOrderElementsOf(active.subList(1, 30));
        assertThat(planned).doesNotContainAnyElementsOf(inactive);
        for (Map<String, Object> row : rows) {
            assertThat(row.get("status")).isEqualTo("scheduled");
            assertThat(row.get("assignee_id")).isEqualTo(assignee);
            assertThat(row.get("due_ok")).isEqualTo(true);
            assertThat(row.get("month")).isEqualTo(NEXT_MONTH.toString());
            assertThat(((Number) row.get("dow")).intValue()).isBetween(1, 5);
            java.time.LocalTime time = ((java.sql.Time) row.get("time_of_day")).toLocalTime();
            assertThat(time).isBetween(java.time.LocalTime.of(9, 0), java.time.LocalTime.of(17, 59, 59));
        }
        Map<Object, Long> perDay =
                rows.stream().collect(Collectors.groupingBy(r -> r.get("day"), Collectors.counting()));
        assertThat(perDay.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
        assertThat(Database.<Long>scalar("""
                        SELECT count(*) FROM (SELECT 1 FROM scheduling.schedules WHERE assignee_id = ?
                                                AND status <> 'cancelled'
                                              GROUP BY date_trunc('minute', scheduled_for) HAVING count(*) > 1) d""", assignee)).isZero();
        assertThat(Database.count("scheduling.schedules", "equipment_serial = ?", alreadyPlanned))
                .isEqualTo(1);
        assertThat(Database.count("scheduling.schedules", "id = ?", existing)).isEqualTo(1);

        Set<String> ids = rows.stream().map(r -> (String) r.get("id")).collect(Collectors.toSet());
        Set<String> serials = new HashSet<>(active);
        List<KafkaEvents.Event> events = KafkaEvents.awaitRecords(
                Topics.SCHEDULES,
                event -> serials.contains(event.key())
                        && EventTypes.SCHEDULE_CREATED.equals(event.headers().get("ce_type")),
                29,
                Duration.ofSeconds(60));
        assertThat(events).hasSize(29);
        assertThat(events.stream()
                        .map(event -> new io.vertx.core.json.JsonObject(event.value()).getString("scheduleId"))
                        .collect(Collectors.toSet()))
                .isEqualTo(ids);
        io.vertx.core.json.JsonObject data =
                new io.vertx.core.json.JsonObject(events.get(0).value());
        assertThat(data.getString("assigneeId")).isEqualTo(assignee);
        assertThat(data.getString("gugun")).isEqualTo(gugun);
        assertThat(data.getString("status")).isEqualTo("scheduled");
        assertThat(java.time.OffsetDateTime.parse(data.getString("dueAt")))
                .isEqualTo(NEXT_MONTH
                        .atEndOfMonth()
                        .atTime(23, 59, 59)
                        .atZone(Fixtures.KOREA)
                        .toOffsetDateTime());

        Response again = plan(admin, Fixtures.SEOUL, gugun, assignee, 2);
        again.then().statusCode(200);
        assertThat((Integer) again.path("created")).isZero();
        assertThat((Integer) again.path("alreadyPlanned")).isEqualTo(30);
        assertThat((String) again.path("planId")).isEqualTo(planId);
        assertThat(Database.count("scheduling.schedules", "gugun = ?", gugun)).isEqualTo(30);
    }

    @Test
    void aConcurrentSecondCallCreatesNothing() throws Exception {
        String gugun = Fixtures.uniqueGugun();
        devices(Fixtures.SEOUL, gugun, 40, "active");
        String admin = Tokens.localAdmin("racer-" + gugun, Fixtures.SEOUL, gugun);
        String master = Tokens.master("racer-master-" + gugun);

        List<Response> answers =
                Race.run(2, i -> plan(i == 0 ? admin : master, Fixtures.SEOUL, gugun, "kim-" + gugun, null));
        List<Integer> created =
                answers.stream().map(r -> (Integer) r.path("created")).toList();
        assertThat(created).containsExactlyInAnyOrder(40, 0);
        assertThat(answers.stream().map(Response::statusCode)).containsExactlyInAnyOrder(201, 200);
        assertThat(Database.count("scheduling.schedules", "gugun = ?", gugun)).isEqualTo(40);
        assertThat(Database.<Long>scalar(
                        "SELECT count(DISTINCT equipment_serial) FROM scheduling.schedules WHERE gugun = ?", gugun))
                .isEqualTo(40L);
    }

    @Test
    void devicesBeyondPerDayTimesTheWorkingDaysAreLeftUnplannedAndCounted() {
        String gugun = Fixtures.uniqueGugun();
        int workingDays = (int) NEXT_MONTH
                .atDay(1)
                .datesUntil(NEXT_MONTH.plusMonths(1).atDay(1))
                .filter(pics.aed.schedules.domain.PlanCalendar::isWorkingDay)
                .count();
        devices(Fixtures.SEOUL, gugun, workingDays + 4, "active");
        Response answer = plan(Tokens.master("cap-" + gugun), Fixtures.SEOUL, gugun, "lee-" + gugun, 1);
        answer.then().statusCode(201);
        assertThat((Integer) answer.path("created")).isEqualTo(workingDays);
        assertThat((Integer) answer.path("overCapacity")).isEqualTo(4);
        assertThat(Database.<Long>scalar("""
                        SELECT max(c) FROM (SELECT count(*) AS c FROM scheduling.schedules WHERE gugun = ?
                                             GROUP BY (scheduled_for AT TIME ZONE 'Asia/Seoul')::date) d""", gugun)).isEqualTo(1L);
    }

    @Test
    void masterPlansAWholeSidoLocalAdminsOnlyTheirOwnGugun() {
        String sido = "시험도-" + UUID.randomUUID().toString().substring(0, 8);
        String north = "북구";
        String south = "남구";
        devices(sido, north, 3, "active");
        devices(sido, south, 4, "active");

        String localAdmin = Tokens.localAdmin("la-" + sido, sido, north);
        plan(localAdmin, sido, null, "park", null).then().statusCode(403);
        plan(localAdmin, sido, south, "park", null).then().statusCode(403);
        assertThat(Database.count("scheduling.schedules", "sido = ?", sido)).isZero();

        Response whole = plan(Tokens.master("m-" + sido), sido, null, "park", null);
        whole.then().statusCode(201);
        assertThat((Integer) whole.path("created")).isEqualTo(7);
        assertThat((String) whole.path("gugun")).isNull();
        assertThat(Database.count("scheduling.schedules", "sido = ? AND plan_id = ?::uuid", sido, whole.path("planId")))
                .isEqualTo(7);
        plan(localAdmin, sido, north, "park", null)
                .then()
                .statusCode(200)
                .body("created", org.hamcrest.Matchers.equalTo(0))
                .body("alreadyPlanned", org.hamcrest.Matchers.equalTo(3));
    }
}
