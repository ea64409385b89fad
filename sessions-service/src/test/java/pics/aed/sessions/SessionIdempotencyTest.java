package pics.aed.sessions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Idempotency-Key on start, PATCH and complete: replay, 422, and 409 while in flight. */
@QuarkusTest
class SessionIdempotencyTest {

    private final String inspectorId = "idem-" + UUID.randomUUID();
    private final String token = Tokens.inspector(inspectorId, Fixtures.SEOUL, Fixtures.JONGNO);

    private RequestSpecification as(String key) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).contentType("application/json");
    }

    @Test
    void startReplaysAndRefusesAnotherBody() {
        String serial = Fixtures.deviceInJongno();
        String key = UUID.randomUUID().toString();
        Response first =
                as(key).body("{\"equipmentSerial\": \"" + serial + "\"}").post("/api/inspections/sessions");
        first.then().statusCode(201);
        Response replay =
                as(key).body("{\"equipmentSerial\": \"" + serial + "\"}").post("/api/inspections/sessions");
        replay.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(replay.asString()).isEqualTo(first.asString());
        as(key).body("{\"equipmentSerial\": \"" + Fixtures.deviceInJongno() + "\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(422);
        assertThat(Database.count("inspection.sessions", "inspector_id = ?", inspectorId))
                .isEqualTo(1);
    }

    @Test
    void patchAndCompleteReplay() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        String key = UUID.randomUUID().toString();
        as(key).body("{\"currentStep\": 3}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(200);
        as(key).body("{\"currentStep\": 3}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true");
        as(key).body("{\"currentStep\": 4}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(422);
        assertThat(Database.<Long>scalar("SELECT version FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo(2L);

        String completeKey = UUID.randomUUID().toString();
        Response done =
                as(completeKey).body(Fixtures.VALID_RESULT).post("/api/inspections/sessions/" + id + "/complete");
        done.then().statusCode(200);
        Response again =
                as(completeKey).body(Fixtures.VALID_RESULT).post("/api/inspections/sessions/" + id + "/complete");
        again.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(again.asString()).isEqualTo(done.asString());
        as(completeKey)
                .body(Fixtures.VALID_RESULT.replace("\"notes\": \"ok\"", "\"notes\": \"changed\""))
                .post("/api/inspections/sessions/" + id + "/complete")
                .then()
                .statusCode(422);
        assertThat(Database.count("inspection.inspections", "session_id = ?::uuid", id))
                .isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherIfMatchIsAnotherRequest() {
        String id = Fixtures.startedSessionId(token, Fixtures.deviceInJongno());
        String key = UUID.randomUUID().toString();
        as(key).header("If-Match", "\"1\"")
                .body("{\"currentStep\": 5}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(200);
        // a replay with the same precondition is the same request
        as(key).header("If-Match", "\"1\"")
                .body("{\"currentStep\": 5}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true");
        // another precondition asks for another change: refused, not answered with the first one's 200
        as(key).header("If-Match", "\"2\"")
                .body("{\"currentStep\": 5}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(422)
                .body("type", org.hamcrest.Matchers.equalTo("https://aed.pics/problems/idempotency-key-reused"));
        as(key).body("{\"currentStep\": 5}")
                .patch("/api/inspections/sessions/" + id)
                .then()
                .statusCode(422);
        assertThat(Database.<Long>scalar("SELECT version FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo(2L);
    }

    @Test
    void startRetriedWhileInFlightIs409() throws Exception {
        String serial = Fixtures.deviceInJongno();
        String key = UUID.randomUUID().toString();
        List<Integer> statuses = whileSlowed(
                "BEFORE INSERT ON inspection.sessions",
                serial,
                () -> as(key).body("{\"equipmentSerial\": \"" + serial + "\"}").post("/api/inspections/sessions"));
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
        assertThat(Database.count("inspection.sessions", "equipment_serial = ?", serial))
                .isEqualTo(1);
    }

    @Test
    void patchRetriedWhileInFlightIs409() throws Exception {
        String serial = Fixtures.deviceInJongno();
        String id = Fixtures.startedSessionId(token, serial);
        String key = UUID.randomUUID().toString();
        List<Integer> statuses = whileSlowed(
                "BEFORE UPDATE ON inspection.sessions",
                serial,
                () -> as(key).body("{\"currentStep\": 7}").patch("/api/inspections/sessions/" + id));
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
        assertThat(Database.<Long>scalar("SELECT version FROM inspection.sessions WHERE id = ?::uuid", id))
                .isEqualTo(2L);
    }

    @Test
    void completeRetriedWhileInFlightIs409() throws Exception {
        String serial = Fixtures.deviceInJongno();
        String id = Fixtures.startedSessionId(token, serial);
        String key = UUID.randomUUID().toString();
        List<Integer> statuses = whileSlowed(
                "BEFORE INSERT ON inspection.inspections",
                serial,
                () -> as(key).body(Fixtures.VALID_RESULT).post("/api/inspections/sessions/" + id + "/complete"));
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
        assertThat(Database.count("inspection.inspections", "session_id = ?::uuid", id))
                .isEqualTo(1);
    }

    /**
     * Sends the same request (same key) from 8 threads at once while a trigger holds the first one's transaction for
     * 1.5 s, so that the others find the key in flight.
     */
    private static List<Integer> whileSlowed(
            String triggerTiming, String serial, java.util.concurrent.Callable<Response> request) throws Exception {
        String trigger = "slow_" + serial.replace('-', '_').toLowerCase();
        Database.execute("CREATE FUNCTION inspection." + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$");
        Database.execute("CREATE TRIGGER " + trigger + " " + triggerTiming + " FOR EACH ROW"
                + " WHEN (NEW.equipment_serial = '" + serial + "') EXECUTE FUNCTION inspection." + trigger + "()");
        String table = triggerTiming.substring(triggerTiming.lastIndexOf(' ') + 1);
        List<Integer> statuses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return request.call().statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
            Database.execute("DROP TRIGGER " + trigger + " ON " + table);
            Database.execute("DROP FUNCTION inspection." + trigger + "()");
        }
        return statuses;
    }
}
