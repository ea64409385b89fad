package pics.aed.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Compliance figures, checked against the rows they count, and only within the caller's area. */
@QuarkusTest
class ComplianceTest {

    private static final YearMonth MONTH = YearMonth.of(2027, 3);

    private static OffsetDateTime inMonth(int day, int hour) {
        return MONTH.atDay(day).atTime(hour, 0).atZone(Fixtures.KOREA).toOffsetDateTime();
    }

    private static void completedSession(String serial, OffsetDateTime at) {
        Database.execute(
                "INSERT INTO scheduling.sessions (id, equipment_serial, inspector_id, status, completed_at)"
                        + " VALUES (?, ?, 'kim', 'completed', ?)",
                UUID.randomUUID(),
                serial,
                at);
    }

    private static Response compliance(String token, String query) {
        return Fixtures.as(token).get("/api/schedules/compliance?month=" + MONTH + query);
    }

    @Test
    void eachColumnCountsDevicesAsTheRowsSay() {
        String gugun = Fixtures.uniqueGugun();
        String scheduled = Fixtures.device(Fixtures.SEOUL, gugun, "active");
        String underWay = Fixtures.device(Fixtures.SEOUL, gugun, "active");
        String done = Fixtures.device(Fixtures.SEOUL, gugun, "active");
        String missed = Fixtures.device(Fixtures.SEOUL, gugun, "active");
        String onlyCancelled = Fixtures.device(Fixtures.SEOUL, gugun, "active");
        String unplannedButInspected = Fixtures.device(Fixtures.SEOUL, gugun, "active");
        String gone = Fixtures.device(Fixtures.SEOUL, gugun, "missing");
        Fixtures.scheduleRow(scheduled, Fixtures.SEOUL, gugun, inMonth(3, 10), "scheduled");
        Fixtures.scheduleRow(scheduled, Fixtures.SEOUL, gugun, inMonth(4, 10), "scheduled");
        Fixtures.scheduleRow(underWay, Fixtures.SEOUL, gugun, inMonth(5, 10), "in_progress");
        Fixtures.scheduleRow(done, Fixtures.SEOUL, gugun, inMonth(6, 10), "completed");
        completedSession(done, inMonth(6, 10));
        Fixtures.scheduleRow(missed, Fixtures.SEOUL, gugun, inMonth(7, 10), "missed");
        Fixtures.scheduleRow(onlyCancelled, Fixtures.SEOUL, gugun, inMonth(8, 10), "cancelled");
        completedSession(unplannedButInspected, inMonth(9, 10));
        // outside the month: counted nowhere
        Fixtures.scheduleRow(onlyCancelled, Fixtures.SEOUL, gugun, inMonth(1, 0).minusMinutes(1), "scheduled");
        completedSession(missed, inMonth(1, 0).minusSeconds(1));
        Fixtures.scheduleRow(gone, Fixtures.SEOUL, gugun, inMonth(10, 10), "scheduled");

        Response answer = compliance(Tokens.localAdmin("c-" + gugun, Fixtures.SEOUL, gugun), "");
        answer.then().statusCode(200);
        assertThat((String) answer.path("month")).isEqualTo(MONTH.toString());
        List<Map<String, Object>> items = answer.path("items");
        assertThat(items).hasSize(1);
        Map<String, Object> item = items.get(0);
        assertThat(item)
                .containsEntry("sido", Fixtures.SEOUL)
                .containsEntry("gugun", gugun)
                .containsEntry("activeDevices", 6)
                .containsEntry("planned", 5)
                .containsEntry("inProgress", 1)
                .containsEntry("completed", 2)
                .containsEntry("missed", 1)
                .containsEntry("unplanned", 2);
        assertThat(((Number) item.get("completionRate")).doubleValue())
                .isCloseTo(0.3333, org.assertj.core.data.Offset.offset(1e-6));

        // the same figures from the rows, independently of the service's query
        assertThat(Database.<Long>scalar(
                        """
                        SELECT count(DISTINCT s.equipment_serial) FROM scheduling.schedules s
                         WHERE s.gugun = ? AND s.status <> 'cancelled'
                           AND s.scheduled_for >= ?::timestamptz AND s.scheduled_for < ?::timestamptz""",
                        gugun,
                        inMonth(1, 0),
                        MONTH.plusMonths(1)
                                .atDay(1)
                                .atStartOfDay(Fixtures.KOREA)
                                .toOffsetDateTime()))
                .isEqualTo(5L);
    }

    @Test
    void onlyTheCallersAreaAndNoInspectors() {
        String gugun = Fixtures.uniqueGugun();
        Fixtures.device(Fixtures.SEOUL, gugun, "active");

        compliance(Tokens.inspector("i-" + gugun, Fixtures.SEOUL, gugun), "")
                .then()
                .statusCode(403);
        compliance(Tokens.localAdmin("other-" + gugun, Fixtures.SEOUL, Fixtures.GANGNAM), "&gugun=" + gugun)
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        compliance(Tokens.regionalAdmin("r-" + gugun, Fixtures.BUSAN), "&sido=" + Fixtures.SEOUL)
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        List<String> regional = compliance(Tokens.regionalAdmin("r2-" + gugun, Fixtures.SEOUL), "")
                .then()
                .statusCode(200)
                .extract()
                .path("items.gugun");
        assertThat(regional).contains(gugun);
        List<String> bySido = compliance(Tokens.master("m-" + gugun), "&groupBy=sido")
                .then()
                .statusCode(200)
                .extract()
                .path("items.sido");
        assertThat(bySido).doesNotHaveDuplicates().contains(Fixtures.SEOUL);
        // a local-admin token without its gugun claim is refused, not read as "the whole sido"
        compliance(
                        Tokens.as(Tokens.LOCAL_ADMIN, "no-gugun")
                                .sido(Fixtures.SEOUL)
                                .sign(),
                        "")
                .then()
                .statusCode(403);
        compliance(Tokens.master("m2-" + gugun), "&groupBy=dong").then().statusCode(400);
        Fixtures.as(Tokens.master("m3-" + gugun))
                .get("/api/schedules/compliance?month=2027-13")
                .then()
                .statusCode(400);
    }
}
