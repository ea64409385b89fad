package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/**
 * Assignments are never silently skipped: what a session and the schedules do to them, checked in the rows. Each of
 * these failed before (the assignment stayed pending, or was restored to pending under an ended schedule).
 */
@QuarkusTest
class AssignmentLifecycleTest {

    private final String inspectorId = "asg-" + UUID.randomUUID();
    private final String token = Tokens.inspector(inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);

    private static Map<String, Object> assignmentOf(String scheduleId) {
        return Database.rows(
                        "SELECT status, session_id::text AS session_id FROM inspection.assignments"
                                + " WHERE schedule_id = ?::uuid",
                        scheduleId)
                .get(0);
    }

    private static String sessionAssignment(String sessionId) {
        return Database.scalar(
                "SELECT a.schedule_id::text FROM inspection.sessions s JOIN inspection.assignments a"
                        + " ON a.id = s.assignment_id WHERE s.id = ?::uuid",
                sessionId);
    }

    @Test
    void aScheduleThatArrivesDuringTheSessionIsCompletedWithIt() {
        String serial = Fixtures.deviceInJongno();
        String sessionId = Fixtures.startedSessionId(token, serial);
        String scheduleId = Schedules.newId();
        Schedules.publish(scheduleId, serial, inspectorId, "scheduled", "pending");

        Fixtures.complete(token, sessionId, Fixtures.VALID_RESULT).then().statusCode(200);

        assertThat(assignmentOf(scheduleId))
                .containsEntry("status", "completed")
                .containsEntry("session_id", sessionId);
        assertThat(sessionAssignment(sessionId)).isEqualTo(scheduleId);
    }

    @Test
    void resumingTakesAPendingAssignmentAsStartingDoes() {
        String serial = Fixtures.deviceInJongno();
        String sessionId = Fixtures.startedSessionId(token, serial);
        UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);

        Fixtures.start(token, serial).then().statusCode(200);

        assertThat(Database.<String>scalar("SELECT status FROM inspection.assignments WHERE id = ?", assignment))
                .isEqualTo("in_progress");
        assertThat(Database.<UUID>scalar("SELECT assignment_id FROM inspection.sessions WHERE id = ?::uuid", sessionId))
                .isEqualTo(assignment);
        Fixtures.complete(token, sessionId, Fixtures.VALID_RESULT).then().statusCode(200);
        assertThat(Database.<String>scalar("SELECT status FROM inspection.assignments WHERE id = ?", assignment))
                .isEqualTo("completed");
    }

    /**
     * Starting again an own active session that takes a pending assignment announces it (resumed, with its
     * scheduleId): the session's status did not change, but schedules-service learns only from the events that the
     * schedule has a session, and would leave it scheduled under it until the completion.
     */
    @Test
    void startingAgainAnActiveSessionThatTakesAnAssignmentAnnouncesItsSchedule() {
        String serial = Fixtures.deviceInJongno();
        String sessionId = Fixtures.startedSessionId(token, serial);
        String scheduleId = Schedules.newId();
        Schedules.publish(scheduleId, serial, inspectorId, "scheduled", "pending");

        Fixtures.start(token, serial).then().statusCode(200);
        assertThat(sessionAssignment(sessionId)).isEqualTo(scheduleId);
        Fixtures.complete(token, sessionId, Fixtures.VALID_RESULT).then().statusCode(200);

        List<KafkaEvents.Event> events =
                KafkaEvents.awaitRecords(Topics.SESSIONS, e -> serial.equals(e.key()), 3, Duration.ofSeconds(60));
        assertThat(events)
                .extracting(e -> e.headers().get("ce_type"))
                .containsExactly(EventTypes.SESSION_STARTED, EventTypes.SESSION_RESUMED, EventTypes.SESSION_COMPLETED);
        assertThat(events.get(0).value()).doesNotContain(scheduleId);
        assertThat(events.get(1).value()).contains("\"scheduleId\":\"" + scheduleId + "\"");
    }

    /** Starting again an active session that takes nothing announces nothing: nothing changed. */
    @Test
    void startingAgainAnActiveSessionWithNothingToTakeAnnouncesNothing() {
        String serial = Fixtures.deviceInJongno();
        String sessionId = Fixtures.startedSessionId(token, serial);
        Fixtures.start(token, serial).then().statusCode(200);
        Fixtures.complete(token, sessionId, Fixtures.VALID_RESULT).then().statusCode(200);

        List<KafkaEvents.Event> events =
                KafkaEvents.awaitRecords(Topics.SESSIONS, e -> serial.equals(e.key()), 2, Duration.ofSeconds(60));
        assertThat(events)
                .extracting(e -> e.headers().get("ce_type"))
                .containsExactly(EventTypes.SESSION_STARTED, EventTypes.SESSION_COMPLETED);
    }

    @Test
    void aCompletedScheduleClosesItsPendingAssignment() {
        String serial = Fixtures.deviceInJongno();
        String scheduleId = Schedules.newId();
        Schedules.publish(scheduleId, serial, inspectorId, "scheduled", "pending");
        Schedules.publish(scheduleId, serial, inspectorId, "completed", "completed");
        given().auth()
                .oauth2(token)
                .get("/api/inspections/assignments?status=pending")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aSessionCancelledAfterItsScheduleWasCancelledLeavesTheAssignmentCancelled() {
        String serial = Fixtures.deviceInJongno();
        String scheduleId = Schedules.newId();
        Schedules.publish(scheduleId, serial, inspectorId, "scheduled", "pending");
        String sessionId = Fixtures.startedSessionId(token, serial);
        assertThat(Schedules.assignmentStatus(scheduleId)).isEqualTo("in_progress");

        // the schedule is cancelled while the inspector works: the assignment stays with the session
        Schedules.publish(scheduleId, serial, inspectorId, "cancelled", "in_progress");
        given().auth()
                .oauth2(token)
                .post("/api/inspections/sessions/" + sessionId + "/cancel")
                .then()
                .statusCode(200);

        assertThat(Schedules.assignmentStatus(scheduleId)).isEqualTo("cancelled");
    }

    @Test
    void aSessionCancelledUnderALiveScheduleGivesTheAssignmentBack() {
        String serial = Fixtures.deviceInJongno();
        String scheduleId = Schedules.newId();
        Schedules.publish(scheduleId, serial, inspectorId, "scheduled", "pending");
        String sessionId = Fixtures.startedSessionId(token, serial);
        given().auth()
                .oauth2(token)
                .post("/api/inspections/sessions/" + sessionId + "/cancel")
                .then()
                .statusCode(200);
        assertThat(assignmentOf(scheduleId)).containsEntry("status", "pending").containsEntry("session_id", null);
    }

    @Test
    void anAssignmentUpdateThatMissesItsRowRollsTheCompletionBack() {
        String serial = Fixtures.deviceInJongno();
        UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        String sessionId = Fixtures.startedSessionId(token, serial);
        // something outside the session's transaction moved its assignment on
        Database.execute(
                "UPDATE inspection.assignments SET status = 'cancelled', session_id = NULL WHERE id = ?", assignment);

        Fixtures.complete(token, sessionId, Fixtures.VALID_RESULT).then().statusCode(500);

        assertThat(Database.<String>scalar("SELECT status FROM inspection.sessions WHERE id = ?::uuid", sessionId))
                .isEqualTo("active");
        assertThat(Database.count("inspection.inspections", "session_id = ?::uuid", sessionId))
                .isZero();
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("aedpics_assignments_updates_missed_total\\{update=\"complete\"\\} [1-9]");
    }

    @Test
    void aCancelThatMissesItsAssignmentRowRollsBackToo() {
        String serial = Fixtures.deviceInJongno();
        UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        String sessionId = Fixtures.startedSessionId(token, serial);
        Database.execute("UPDATE inspection.assignments SET status = 'completed' WHERE id = ?", assignment);

        given().auth()
                .oauth2(token)
                .post("/api/inspections/sessions/" + sessionId + "/cancel")
                .then()
                .statusCode(500);

        assertThat(Database.<String>scalar("SELECT status FROM inspection.sessions WHERE id = ?::uuid", sessionId))
                .isEqualTo("active");
    }
}
