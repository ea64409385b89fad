package pics.aed.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Race;
import pics.aed.testsupport.Tokens;

/** Invariant 2 under real concurrency: the exclusion constraint decides, and every loser is told who won. */
@QuarkusTest
class WindowConstraintTest {

    private static final String CONFLICT = "https://aed.pics/problems/schedule-window-conflict";

    @Test
    void twoHundredAdminsCreatingWithinAnHourLeaveOnlySchedulesThirtyMinutesApart() throws Exception {
        String serial = Fixtures.deviceInJongno();
        OffsetDateTime base = Fixtures.future(10);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tokens.add(Tokens.localAdmin("admin-" + i + "-" + serial, Fixtures.SEOUL, Fixtures.JONGNO));
        }
        // 200 times 18 s apart: the hour [base, base + 60 min)
        List<Response> responses =
                Race.run(200, i -> Fixtures.create(tokens.get(i), serial, base.plusSeconds(18L * i), "kim"));

        List<Response> winners =
                responses.stream().filter(r -> r.statusCode() == 201).toList();
        List<Response> losers =
                responses.stream().filter(r -> r.statusCode() == 409).toList();
        assertThat(winners.size() + losers.size()).isEqualTo(200);
        // times within 59 min 42 s leave room for one or two schedules 30 minutes apart, never three
        assertThat(winners).hasSizeBetween(1, 2);

        List<Map<String, Object>> rows = Database.rows(
                "SELECT id::text AS id, scheduled_for FROM scheduling.schedules WHERE equipment_serial = ?"
                        + " ORDER BY scheduled_for",
                serial);
        assertThat(rows).hasSize(winners.size());
        for (int i = 1; i < rows.size(); i++) {
            OffsetDateTime previous = time(rows.get(i - 1));
            assertThat(Duration.between(previous, time(rows.get(i)))).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
        }
        List<String> ids = rows.stream().map(row -> (String) row.get("id")).toList();
        for (int i = 0; i < 200; i++) {
            Response loser = responses.get(i);
            if (loser.statusCode() != 409) {
                continue;
            }
            assertThat(loser.contentType()).startsWith("application/problem+json");
            assertThat((String) loser.path("type")).isEqualTo(CONFLICT);
            String holder = loser.path("conflictingScheduleId");
            assertThat(ids).contains(holder);
            OffsetDateTime holderTime = OffsetDateTime.parse(loser.path("conflictingScheduledFor"));
            assertThat(holderTime).isEqualTo(time(rows.get(ids.indexOf(holder))));
            OffsetDateTime asked = base.plusSeconds(18L * i);
            assertThat(Duration.between(holderTime, asked).abs()).isLessThan(Duration.ofMinutes(30));
        }
        List<KafkaEvents.Event> created = KafkaEvents.awaitRecords(
                Topics.SCHEDULES,
                event -> serial.equals(event.key())
                        && EventTypes.SCHEDULE_CREATED.equals(event.headers().get("ce_type")),
                winners.size(),
                Duration.ofSeconds(60));
        assertThat(created).hasSize(winners.size());
    }

    @Test
    void twentyNineMinutesApartConflictThirtyDoNot() {
        String serial = Fixtures.deviceInJongno();
        String admin = Tokens.localAdmin("edge-" + serial, Fixtures.SEOUL, Fixtures.JONGNO);
        OffsetDateTime at = Fixtures.future(11);
        String first = Fixtures.createdId(admin, serial, at, "kim");

        Response early = Fixtures.create(admin, serial, at.minusMinutes(29), "kim");
        early.then().statusCode(409);
        assertThat((String) early.path("conflictingScheduleId")).isEqualTo(first);
        Fixtures.create(admin, serial, at.plusMinutes(29).plusSeconds(59), "kim")
                .then()
                .statusCode(409);

        Fixtures.create(admin, serial, at.plusMinutes(30), "kim").then().statusCode(201);
        Fixtures.create(admin, serial, at.minusMinutes(30), "kim").then().statusCode(201);
        assertThat(Fixtures.liveSchedules(serial)).isEqualTo(3);
    }

    @Test
    void twoConcurrentReschedulesIntoEachOthersWindowOneWins() throws Exception {
        String serial = Fixtures.deviceInJongno();
        String admin = Tokens.localAdmin("mover-" + serial, Fixtures.SEOUL, Fixtures.JONGNO);
        OffsetDateTime at = Fixtures.future(12);
        String a = Fixtures.createdId(admin, serial, at, "kim");
        String b = Fixtures.createdId(admin, serial, at.plusHours(2), "kim");
        OffsetDateTime target = at.plusHours(1);
        List<String> ids = List.of(a, b);

        for (int round = 0; round < 5; round++) {
            OffsetDateTime aTime = target.plusDays(round);
            OffsetDateTime bTime = aTime.plusMinutes(10);
            List<Response> responses = Race.run(
                    2,
                    i -> Fixtures.as(admin)
                            .body("{\"scheduledFor\": \"" + (i == 0 ? aTime : bTime) + "\"}")
                            .patch("/api/schedules/" + ids.get(i)));
            List<Integer> statuses =
                    responses.stream().map(Response::statusCode).toList();
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            Response loser = responses.get(statuses.indexOf(409));
            String winner = ids.get(statuses.indexOf(200));
            assertThat((String) loser.path("conflictingScheduleId")).isEqualTo(winner);
            // both back apart for the next round: the loser kept its old time, the winner returns to its own
            Fixtures.as(admin)
                    .body("{\"scheduledFor\": \"" + (winner.equals(a) ? at : at.plusHours(2)) + "\"}")
                    .patch("/api/schedules/" + winner)
                    .then()
                    .statusCode(200);
        }
        assertThat(Fixtures.liveSchedules(serial)).isEqualTo(2);
    }

    @Test
    void aCancelledScheduleFreesItsWindowAMissedOrCompletedOneDoesNot() {
        String serial = Fixtures.deviceInJongno();
        String admin = Tokens.localAdmin("free-" + serial, Fixtures.SEOUL, Fixtures.JONGNO);
        OffsetDateTime at = Fixtures.future(13);

        String cancelled = Fixtures.createdId(admin, serial, at, "kim");
        Fixtures.as(admin)
                .body("{\"reason\": \"moved\"}")
                .post("/api/schedules/" + cancelled + "/cancel")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("cancelled"));
        Fixtures.create(admin, serial, at.plusMinutes(5), "kim").then().statusCode(201);

        for (String finalStatus : List.of("missed", "completed")) {
            OffsetDateTime other = at.plusDays(finalStatus.length());
            UUID held = Fixtures.scheduleRow(serial, Fixtures.SEOUL, Fixtures.JONGNO, other, finalStatus);
            Response refused = Fixtures.create(admin, serial, other.plusMinutes(10), "kim");
            refused.then().statusCode(409);
            assertThat((String) refused.path("conflictingScheduleId")).isEqualTo(held.toString());
        }
    }

    private static OffsetDateTime time(Map<String, Object> row) {
        Object value = row.get("scheduled_for");
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        return (OffsetDateTime) value;
    }
}
