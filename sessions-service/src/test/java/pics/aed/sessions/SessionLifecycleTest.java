package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.Topics;
import pics.aed.sessions.domain.StaleSessionSweeper;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/** The workflow end to end: rows, responses and events. */
@QuarkusTest
class SessionLifecycleTest {

    @Inject
    StaleSessionSweeper sweeper;

    private final String inspectorId = "kim-" + UUID.randomUUID();
    private final String token = Tokens.inspector(inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);

    @Test
    void startSnapshotsTheDeviceAndLinksThePendingAssignment() {
        String serial = Fixtures.deviceInJongno();
        UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        io.restassured.response.Response started = Fixtures.start(token, serial);
        started.then().statusCode(201).body("resumed", equalTo(false));
        String id = started.path("id");
        assertThat(started.header("Location")).endsWith("/api/inspections/sessions/" + id);
        given().auth()
                .oauth2(token)
                .get("/api/inspections/sessions/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("status", equalTo("active"))
                .body("resumed", nullValue())
                .body("deviceSnapshot.institution", equalTo("종로구청"))
                .body("assignmentId", equalTo(assignment.toString()));
        assertThat(Database.<String>scalar("SELECT status FROM inspection.assignments WHERE id = ?", assignment))
                .isEqualTo("in_progress");
    }

    @Test
    void progressPauseResumeAndVersionGuard() {
        String serial = Fixtures.deviceInJongno();
        String id = Fixtures.startedSessionId(token, serial);
        String path = "/api/inspections/sessions/" + id;

        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"currentStep\": 2, \"stepData\": {\"basic\": {\"ok\": true}, \"gps\": 1}}")
                .header("If-Match", "\"1\"")
                .patch(path)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("currentStep", equalTo(2))
                .body("stepData.gps", equalTo(1));
        // top-level merge: one key replaced, the others kept
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"stepData\": {\"gps\": 2}}")
                .patch(path)
                .then()
                .statusCode(200)
                .body("stepData.gps", equalTo(2))
                .body("stepData.basic.ok", equalTo(true));
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"currentStep\": 3}")
                .header("If-Match", "\"1\"")
                .patch(path)
                .then()
                .statusCode(412)
                .body("type", equalTo("https://aed.pics/problems/version-conflict"));

        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"status\": \"paused\"}")
                .patch(path)
                .then()
                .statusCode(200)
                .body("status", equalTo("paused"))
                .body("pausedAt", notNullValue());
        // saving progress on a paused session keeps it paused
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"currentStep\": 4}")
                .patch(path)
                .then()
                .statusCode(200)
                .body("status", equalTo("paused"))
                .body("currentStep", equalTo(4));
        // start again resumes
        Fixtures.start(token, serial)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("resumed", equalTo(true))
                .body("status", equalTo("active"))
                .body("resumedAt", notNullValue());

        // another inspector of the same area may not touch it (403: the session is in their area)
        String other = Tokens.inspector("other-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO);
        given().auth()
                .oauth2(other)
                .contentType("application/json")
                .body("{\"currentStep\": 5}")
                .patch(path)
                .then()
                .statusCode(403);
        Fixtures.start(other, serial)
                .then()
                .statusCode(409)
                .body("holderInspectorId", equalTo(inspectorId))
                .body("holderStatus", equalTo("active"))
                .body("activeSessionId", equalTo(id));
    }

    @Test
    void completeIsAtomicAndOnce() {
        String serial = Fixtures.deviceInJongno();
        UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        String id = Fixtures.startedSessionId(token, serial);

        Fixtures.complete(token, id, Fixtures.VALID_RESULT)
                .then()
                .statusCode(200)
                .body("session.status", equalTo("completed"))
                .body("inspection.approvalStatus", equalTo("submitted"))
                .body("inspection.overallStatus", equalTo("pass"))
                .body("inspection.sessionId", equalTo(id));
        Fixtures.complete(token, id, Fixtures.VALID_RESULT)
                .then()
                .statusCode(409)
                .body("type", equalTo("https://aed.pics/problems/invalid-transition"))
                .body("from", equalTo("completed"));

        assertThat(Database.count("inspection.inspections", "session_id = ?::uuid", id))
                .isEqualTo(1);
        assertThat(Database.<String>scalar("SELECT status FROM inspection.assignments WHERE id = ?", assignment))
                .isEqualTo("completed");
        assertThat(Fixtures.openSessions(serial)).isZero();
        // the device is free for the next inspection
        Fixtures.start(Tokens.inspector("next-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO), serial)
                .then()
                .statusCode(201);
    }

    @Test
    void aFailureAfterTheInspectionInsertLeavesEverythingUntouched() {
        String serial = Fixtures.deviceInJongno();
        UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        String id = Fixtures.startedSessionId(token, serial);
        KafkaEvents.awaitRecords(Topics.SESSIONS, e -> serial.equals(e.key()), 1, Duration.ofSeconds(30));
        String trigger = "fail_complete_" + serial.replace('-', '_').toLowerCase();
        // Runs when the session row is completed, i.e. after the inspection row was inserted in that transaction.
        Database.execute("CREATE FUNCTION inspection." + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN RAISE EXCEPTION 'forced failure'; END $$");
        Database.execute("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON inspection.sessions FOR EACH ROW"
                + " WHEN (NEW.status = 'completed' AND NEW.equipment_serial = '" + serial + "')"
                + " EXECUTE FUNCTION inspection." + trigger + "()");
        try {
            Fixtures.complete(token, id, Fixtures.VALID_RESULT)
                    .then()
                    .statusCode(500)
                    .contentType("application/problem+json");
        } finally {
            Database.execute("DROP TRIGGER " + trigger + " ON inspection.sessions");
            Database.execute("DROP FUNCTION inspection." + trigger + "()");
        }
        assertThat(Database.count("inspection.inspections", "session_id = ?::uuid", id))
                .isZero();
        assertThat(Database.<String>scalar("SELECT status FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo("active");
        assertThat(Database.<String>scalar("SELECT status FROM inspection.assignments WHERE id = ?", assignment))
                .isEqualTo("in_progress");
        assertThat(Database.count(
                        "inspection.outbox", "subject = ? AND event_type = 'pics.aed.session.completed'", serial))
                .isZero();
        assertThat(KafkaEvents.readAll(Topics.SESSIONS, serial))
                .extracting(e -> e.headers().get("ce_type"))
                .containsExactly("pics.aed.session.started");
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("aedpics_sessions_transaction_failures_total [1-9]")
                .containsPattern("aedpics_sessions_total\\{outcome=\"started\"\\} [1-9]");
        // and it can still be completed
        Fixtures.complete(token, id, Fixtures.VALID_RESULT).then().statusCode(200);
    }

    @Test
    void cancelRestoresTheAssignmentAndFreesTheDevice() {
        String serial = Fixtures.deviceInJongno();
        UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        String id = Fixtures.startedSessionId(token, serial);
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"reason\": \"battery dead\"}")
                .post("/api/inspections/sessions/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("cancelReason", equalTo("battery dead"));
        Map<String, Object> row = Database.rows(
                        "SELECT status, session_id FROM inspection.assignments WHERE id = ?", assignment)
                .get(0);
        assertThat(row.get("status")).isEqualTo("pending");
        assertThat(row.get("session_id")).isNull();
        given().auth()
                .oauth2(token)
                .delete("/api/inspections/sessions/" + id)
                .then()
                .statusCode(409);
        Fixtures.complete(token, id, Fixtures.VALID_RESULT).then().statusCode(409);
    }

    @Test
    void everyStateChangeIsOneEventKeyedBySerialInOrder() {
        String serial = Fixtures.deviceInJongno();
        String id = Fixtures.startedSessionId(token, serial);
        String path = "/api/inspections/sessions/" + id;
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"status\": \"paused\"}")
                .patch(path)
                .then()
                .statusCode(200);
        Fixtures.start(token, serial).then().statusCode(200);
        Fixtures.complete(token, id, Fixtures.VALID_RESULT).then().statusCode(200);

        List<KafkaEvents.Event> events =
                KafkaEvents.awaitRecords(Topics.SESSIONS, e -> serial.equals(e.key()), 4, Duration.ofSeconds(30));
        assertThat(events)
                .extracting(e -> e.headers().get("ce_type"))
                .containsExactly(
                        "pics.aed.session.started",
                        "pics.aed.session.paused",
                        "pics.aed.session.resumed",
                        "pics.aed.session.completed");
        assertThat(events).allSatisfy(e -> assertThat(e.headers()).containsEntry("ce_subject", serial));
        assertThat(events.get(3).value()).contains("\"overallStatus\"");
    }

    @Test
    void staleSessionsAreCancelledAndTheirAssignmentsRestored() {
        String serial = Fixtures.deviceInJongno();
        UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
        String id = Fixtures.startedSessionId(token, serial);
        Database.execute(
                "UPDATE inspection.sessions SET last_activity_at = now() - interval '31 minutes'"
                        + " WHERE id = ?::uuid",
                id);
        assertThat(sweeper.sweepNow().await().atMost(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(1);
        Map<String, Object> session = Database.rows(
                        "SELECT status, cancel_reason FROM inspection.sessions" + " WHERE id = ?::uuid", id)
                .get(0);
        assertThat(session).containsEntry("status", "cancelled").containsEntry("cancel_reason", "stale");
        assertThat(Database.<String>scalar("SELECT status FROM inspection.assignments WHERE id = ?", assignment))
                .isEqualTo("pending");
    }

    @Test
    void listsShowOwnSessionsToInspectorsAndFilterByStatus() {
        String serial = Fixtures.deviceInJongno();
        String id = Fixtures.startedSessionId(token, serial);
        given().auth()
                .oauth2(token)
                .get("/api/inspections/sessions?status=open")
                .then()
                .statusCode(200)
                .body("items.id", hasItems(id))
                .body("page", equalTo(0))
                .body("size", equalTo(50));
        given().auth()
                .oauth2(Tokens.inspector("nobody-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO))
                .get("/api/inspections/sessions?equipmentSerial=" + serial)
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().auth()
                .oauth2(Tokens.localAdmin("admin", Fixtures.SEOUL, Fixtures.JONGNO))
                .get("/api/inspections/sessions?equipmentSerial=" + serial)
                .then()
                .statusCode(200)
                .body("total", equalTo(1));
        given().auth()
                .oauth2(token)
                .get("/api/inspections/sessions?status=sleeping")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
        given().auth()
                .oauth2(token)
                .get("/api/inspections/sessions?size=501")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(token)
                .get("/api/inspections/sessions?page=-1")
                .then()
                .statusCode(400);
    }
}
