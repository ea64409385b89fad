package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import pics.aed.sessions.domain.StaleSessionSweeper;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Race;
import pics.aed.testsupport.Tokens;

/**
 * Complete races cancel, and complete races the stale sweep, on real threads: whichever wins, the rows agree (a
 * completed session has its one inspection and a completed assignment; a cancelled one has none and its assignment
 * is pending again), and the loser is told so.
 */
@QuarkusTest
class AssignmentRaceTest {

    private static final int SESSIONS = 8;

    @Inject
    StaleSessionSweeper sweeper;

    private final String inspectorId = "race-" + UUID.randomUUID();
    private final String token = Tokens.inspector(inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);

    private record Started(String sessionId, UUID assignmentId) {}

    private List<Started> sessionsWithAssignments() {
        List<Started> started = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String serial = Fixtures.deviceInJongno();
            UUID assignment = Fixtures.assignment(serial, inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);
            started.add(new Started(Fixtures.startedSessionId(token, serial), assignment));
        }
        return started;
    }

    @Test
    void completeAgainstCancel() throws Exception {
        List<Started> sessions = sessionsWithAssignments();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (Started s : sessions) {
            calls.add(() -> Fixtures.complete(token, s.sessionId(), Fixtures.VALID_RESULT)
                    .statusCode());
            calls.add(() -> given().auth()
                    .oauth2(token)
                    .post("/api/inspections/sessions/" + s.sessionId() + "/cancel")
                    .statusCode());
        }
        List<Integer> statuses = Race.run(calls);
        for (int i = 0; i < sessions.size(); i++) {
            int completeStatus = statuses.get(2 * i);
            int cancelStatus = statuses.get(2 * i + 1);
            assertThat(List.of(completeStatus, cancelStatus)).containsExactlyInAnyOrder(200, 409);
            assertConsistent(sessions.get(i), completeStatus == 200);
        }
    }

    @Test
    void completeAgainstTheStaleSweep() throws Exception {
        List<Started> sessions = sessionsWithAssignments();
        for (Started s : sessions) {
            Database.execute(
                    "UPDATE inspection.sessions SET last_activity_at = now() - interval '31 minutes' WHERE id = ?::uuid",
                    s.sessionId());
        }
        List<Callable<Integer>> calls = new ArrayList<>();
        for (Started s : sessions) {
            calls.add(() -> Fixtures.complete(token, s.sessionId(), Fixtures.VALID_RESULT)
                    .statusCode());
        }
        calls.add(() -> sweeper.sweepNow().await().atMost(Duration.ofSeconds(60)));
        List<Integer> outcomes = Race.run(calls);
        for (int i = 0; i < sessions.size(); i++) {
            int completeStatus = outcomes.get(i);
            assertThat(completeStatus).isIn(200, 409);
            assertConsistent(sessions.get(i), completeStatus == 200);
        }
    }

    private static void assertConsistent(Started s, boolean completed) {
        Map<String, Object> session = Database.rows(
                        "SELECT status, cancel_reason FROM inspection.sessions WHERE id = ?::uuid", s.sessionId())
                .get(0);
        Map<String, Object> assignment = Database.rows(
                        "SELECT status, session_id::text AS session_id FROM inspection.assignments WHERE id = ?",
                        s.assignmentId())
                .get(0);
        long inspections = Database.count("inspection.inspections", "session_id = ?::uuid", s.sessionId());
        if (completed) {
            assertThat(session).containsEntry("status", "completed");
            assertThat(inspections).isEqualTo(1);
            assertThat(assignment).containsEntry("status", "completed").containsEntry("session_id", s.sessionId());
        } else {
            assertThat(session).containsEntry("status", "cancelled");
            assertThat(inspections).isZero();
            assertThat(assignment).containsEntry("status", "pending").containsEntry("session_id", null);
        }
    }
}
