package pics.aed.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Tokens;

/**
 * Each audit against the other services' real schemas: it reports nothing on a clean database, and finds exactly what
 * was planted, including rows only a dropped invariant lets in (a duplicate open session, overlapping schedules).
 */
@QuarkusTest
class AuditsTest {

    private static JsonPath get(String path) {
        return given().auth()
                .oauth2(Tokens.master("auditor"))
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static Map<String, Integer> consistencyCounts() {
        List<Map<String, Object>> checks = get("/api/monitoring/consistency").getList("checks");
        return checks.stream()
                .collect(Collectors.toMap(
                        check -> (String) check.get("name"), check -> ((Number) check.get("count")).intValue()));
    }

    private static void assertClean() {
        assertThat(get("/api/monitoring/duplicate-sessions").getInt("count")).isZero();
        JsonPath schedules = get("/api/monitoring/duplicate-schedules");
        assertThat(schedules.getInt("count")).isZero();
        // invariant 2 is in force again (restored by Planted): nothing can overlap, and the catalog says so
        assertThat(schedules.getString("basis")).isEqualTo("constraint");
        assertThat(consistencyCounts())
                .containsOnlyKeys(
                        "completed-session-assignment-not-completed",
                        "in-progress-assignment-without-open-session",
                        "schedule-status-disagrees-with-session",
                        "open-session-on-unknown-device",
                        "outbox-event-unpublished")
                .allSatisfy((name, count) -> assertThat(count).as(name).isZero());
    }

    @Test
    void cleanDatabaseHasNothingToReport() {
        assertClean();
    }

    @Test
    void duplicateOpenSessionsAreFoundWithTheirSessionsAndInspectors() {
        try (Planted planted = new Planted()) {
            String serial = planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO);
            List<UUID> sessions = planted.duplicateOpenSessions(serial);
            String single = planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO);
            planted.openSession(single, "park");

            JsonPath found = get("/api/monitoring/duplicate-sessions");
            assertThat(found.getInt("count")).isEqualTo(1);
            assertThat(found.getString("items[0].equipmentSerial")).isEqualTo(serial);
            assertThat(found.getList("items[0].sessionIds"))
                    .containsExactly(sessions.get(0).toString(), sessions.get(1).toString());
            assertThat(found.getList("items[0].inspectorIds")).containsExactly("kim-" + serial, "lee-" + serial);
        }
        assertClean();
    }

    @Test
    void schedulesLessThanThirtyMinutesApartAreFound() {
        try (Planted planted = new Planted()) {
            planted.dropScheduleOverlapConstraint();
            String serial = Planted.serial();
            OffsetDateTime at = OffsetDateTime.now().plusDays(3).withNano(0);
            UUID first = planted.schedule(serial, at, "scheduled", null);
            UUID tooClose = planted.schedule(serial, at.plusMinutes(29), "scheduled", null);
            planted.schedule(serial, at.plusMinutes(59), "scheduled", null); // 30 minutes after the second: allowed
            planted.schedule(serial, at.plusMinutes(1), "cancelled", null); // cancelled ones never conflict
            String other = Planted.serial();
            planted.schedule(other, at, "scheduled", null);
            planted.schedule(other, at.plusMinutes(30), "scheduled", null);

            JsonPath found = get("/api/monitoring/duplicate-schedules");
            assertThat(found.getString("basis")).isEqualTo("scan");
            assertThat(found.getInt("count")).isEqualTo(1);
            assertThat(found.getString("items[0].equipmentSerial")).isEqualTo(serial);
            assertThat(found.getList("items[0].scheduleIds", String.class))
                    .containsExactlyInAnyOrder(first.toString(), tooClose.toString());
            assertThat(found.getList("items[0].assigneeIds", String.class)).containsExactly("kim");
        }
        assertClean();
    }

    @Test
    void everyScheduleOfAChainIsListedAndOldConflictsCountToo() {
        try (Planted planted = new Planted()) {
            planted.dropScheduleOverlapConstraint();
            OffsetDateTime at = OffsetDateTime.now().plusDays(5).withNano(0);
            String chained = Planted.serial();
            UUID first = planted.schedule(chained, at, "scheduled", null);
            UUID second = planted.schedule(chained, at.plusMinutes(20), "scheduled", null); // 20 after the first
            UUID third = planted.schedule(chained, at.plusMinutes(40), "scheduled", null); // 20 after the second
            planted.schedule(chained, at.plusMinutes(70), "scheduled", null); // 30 after the third: allowed
            String lastYear = Planted.serial();
            OffsetDateTime then = at.minusYears(1);
            UUID done = planted.schedule(lastYear, then, "missed", null);
            UUID sameTime = planted.schedule(lastYear, then, "missed", null);

            JsonPath found = get("/api/monitoring/duplicate-schedules");
            assertThat(found.getString("basis")).isEqualTo("scan");
            assertThat(found.getInt("count")).isEqualTo(2);
            Map<String, List<String>> idsBySerial = found.<Map<String, Object>>getList("items").stream()
                    .collect(Collectors.toMap(
                            item -> (String) item.get("equipmentSerial"),
                            item -> ((List<?>) item.get("scheduleIds"))
                                    .stream().map(Object::toString).toList()));
            assertThat(idsBySerial.get(chained))
                    .containsExactlyInAnyOrder(first.toString(), second.toString(), third.toString());
            assertThat(idsBySerial.get(lastYear)).containsExactlyInAnyOrder(done.toString(), sameTime.toString());
        }
        assertClean();
    }

    @Test
    void whileTheDatabaseEnforcesInvariantTwoTheAnswerComesFromTheCatalog() {
        JsonPath found = get("/api/monitoring/duplicate-schedules");
        assertThat(found.getString("basis")).isEqualTo("constraint");
        assertThat(found.getInt("count")).isZero();
        assertThat(found.getList("items")).isEmpty();
        assertThat(given().get("/q/metrics").asString())
                .containsPattern("aedpics_monitoring_audit_answers_total\\{[^}]*basis=\"constraint\"[^}]*\\} [1-9]");
    }

    @Test
    void aSlotNotAroundItsTimeEscapesTheConstraintSoTheAuditScansAndFindsIt() {
        try (Planted planted = new Planted()) {
            // the exclusion constraint stays, but without the slot check a slot need not be the 30 minutes around
            // its time: two schedules 10 minutes apart whose slots do not overlap get past the constraint
            planted.dropScheduleSlotCheck();
            String serial = Planted.serial();
            OffsetDateTime at = OffsetDateTime.now().plusDays(4).withNano(0);
            UUID first = planted.schedule(serial, at, "scheduled", null);
            UUID tenMinutesLater = planted.scheduleWithSlot(serial, at.plusMinutes(10), at.plusHours(2));

            JsonPath found = get("/api/monitoring/duplicate-schedules");
            assertThat(found.getString("basis")).isEqualTo("scan");
            assertThat(found.getInt("count")).isEqualTo(1);
            assertThat(found.getList("items[0].scheduleIds", String.class))
                    .containsExactlyInAnyOrder(first.toString(), tenMinutesLater.toString());
        }
        assertClean();
    }

    @Test
    void aWeakerConstraintUnderTheSameNameIsNoGuarantee() {
        try (Planted planted = new Planted()) {
            // schedules_no_overlap now keeps only 'scheduled' schedules apart: two missed ones at the same time pass
            planted.weakenScheduleOverlapConstraint();
            String serial = Planted.serial();
            OffsetDateTime then = OffsetDateTime.now().minusDays(40).withNano(0);
            UUID one = planted.schedule(serial, then, "missed", null);
            UUID other = planted.schedule(serial, then.plusMinutes(5), "missed", null);

            JsonPath found = get("/api/monitoring/duplicate-schedules");
            assertThat(found.getString("basis")).isEqualTo("scan");
            assertThat(found.getInt("count")).isEqualTo(1);
            assertThat(found.getList("items[0].scheduleIds", String.class))
                    .containsExactlyInAnyOrder(one.toString(), other.toString());
        }
        assertClean();
    }

    @Test
    void aCheckCountsEveryFindingAndListsTheLatestFive() {
        try (Planted planted = new Planted()) {
            List<String> newestFirst = new ArrayList<>();
            for (int minutesAgo = 10; minutesAgo <= 70; minutesAgo += 10) {
                String serial = planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO);
                newestFirst.add(planted.completedSessionWithAssignmentInProgress(serial, minutesAgo)
                        .toString());
            }

            JsonPath found = get("/api/monitoring/consistency");
            assertThat(consistencyCounts()).containsEntry("completed-session-assignment-not-completed", 7);
            assertThat(examples(found, "completed-session-assignment-not-completed"))
                    .containsExactlyElementsOf(newestFirst.subList(0, 5));
        }
        assertClean();
    }

    @Test
    void aScheduleIsComparedWithTheLatestSessionOfItsAssignment() {
        try (Planted planted = new Planted()) {
            // scheduled although its session started 10 minutes ago: drift
            UUID notStarted = UUID.randomUUID();
            String first = planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO);
            UUID startedAssignment = planted.assignment(first, notStarted, "pending", null);
            planted.session(first, "kim", "active", startedAssignment, 0);
            planted.scheduleWithId(notStarted, first, "scheduled", null);
            // in_progress although its only session was cancelled 10 minutes ago: drift
            UUID stillInProgress = UUID.randomUUID();
            String second = planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO);
            UUID cancelledAssignment = planted.assignment(second, stillInProgress, "pending", null);
            UUID cancelled = planted.session(second, "kim", "cancelled", cancelledAssignment, 10);
            planted.scheduleWithId(stillInProgress, second, "in_progress", cancelled);
            // in_progress, a cancelled session before and an active one now: no drift (the latest one counts)
            UUID resumed = UUID.randomUUID();
            String third = planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO);
            UUID resumedAssignment = planted.assignment(third, resumed, "pending", null);
            planted.session(third, "kim", "cancelled", resumedAssignment, 30);
            UUID again = planted.session(third, "lee", "active", resumedAssignment, 0);
            planted.scheduleWithId(resumed, third, "in_progress", again);
            // completed already: a schedule that no longer waits for anything cannot lag
            UUID completed = UUID.randomUUID();
            String fourth = planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO);
            UUID completedAssignment = planted.assignment(fourth, completed, "pending", null);
            UUID latest = planted.session(fourth, "kim", "active", completedAssignment, 0);
            planted.scheduleWithId(completed, fourth, "completed", latest);

            JsonPath found = get("/api/monitoring/consistency");
            assertThat(consistencyCounts()).containsEntry("schedule-status-disagrees-with-session", 2);
            assertThat(examples(found, "schedule-status-disagrees-with-session"))
                    .containsExactlyInAnyOrder(notStarted.toString(), stillInProgress.toString());
        }
        assertClean();
    }

    @Test
    void consistencyChecksFindWhatWasPlanted() {
        try (Planted planted = new Planted()) {
            String known = planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO);
            UUID completed = planted.completedSessionWithAssignmentInProgress(known);
            UUID behind = planted.scheduleBehindItsSession(
                    planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO), 10);
            // within the grace period (5 minutes): the schedule's event may still be on its way
            planted.scheduleBehindItsSession(
                    planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO), 1);
            UUID orphan = planted.openSession(Planted.serial(), "kim");
            String stale = planted.unpublishedOutboxEvent(2);
            planted.unpublishedOutboxEvent(0); // written just now: the relay has a minute

            JsonPath found = get("/api/monitoring/consistency");
            assertThat(consistencyCounts())
                    .containsEntry("completed-session-assignment-not-completed", 1)
                    .containsEntry("in-progress-assignment-without-open-session", 1)
                    .containsEntry("schedule-status-disagrees-with-session", 1)
                    .containsEntry("open-session-on-unknown-device", 1)
                    .containsEntry("outbox-event-unpublished", 1);
            assertThat(examples(found, "completed-session-assignment-not-completed"))
                    .containsExactly(completed.toString());
            assertThat(examples(found, "schedule-status-disagrees-with-session"))
                    .containsExactly(behind.toString());
            assertThat(examples(found, "open-session-on-unknown-device")).containsExactly(orphan.toString());
            assertThat(examples(found, "outbox-event-unpublished")).containsExactly("sessions-service:" + stale);
        }
        assertClean();
    }

    private static List<String> examples(JsonPath found, String check) {
        return found.getList("checks.find { it.name == '" + check + "' }.examples", String.class);
    }
}
