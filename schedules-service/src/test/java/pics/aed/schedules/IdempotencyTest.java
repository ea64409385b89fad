package pics.aed.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** Idempotency-Key on create, PATCH, cancel and plans: replay, 422 for another body, 409 while in flight. */
@QuarkusTest
class IdempotencyTest {

    private final String admin = Tokens.localAdmin("idem-" + UUID.randomUUID(), Fixtures.SEOUL, Fixtures.JONGNO);

    private Response send(String key, String method, String path, String body) {
        return Fixtures.as(admin).header("Idempotency-Key", key).body(body).request(method, path);
    }

    private void replaysAndRefusesAnotherBody(String method, String path, String body, String otherBody, int status) {
        String key = UUID.randomUUID().toString();
        Response first = send(key, method, path, body);
        first.then().statusCode(status);
        Response replay = send(key, method, path, body);
        replay.then().statusCode(status).header("Idempotent-Replayed", "true");
        assertThat(replay.asString()).isEqualTo(first.asString());
        send(key, method, path, otherBody)
                .then()
                .statusCode(422)
                .body("type", org.hamcrest.Matchers.endsWith("/idempotency-key-reused"));
    }

    /** Keeps the first request blocked behind {@code lock} while its retry arrives. */
    private void retryWhileInFlightIs409(String lock, String key, Supplier<Response> request, int firstStatus) {
        CompletableFuture<Response> first;
        try (Fixtures.HeldLock held = new Fixtures.HeldLock(lock)) {
            first = CompletableFuture.supplyAsync(request);
            await().atMost(Duration.ofSeconds(60)).until(IdempotencyTest::blockedBehindTheHeldLock);
            request.get()
                    .then()
                    .statusCode(409)
                    .body("type", org.hamcrest.Matchers.endsWith("/idempotency-request-in-flight"));
        }
        assertThat(first.join().statusCode()).isEqualTo(firstStatus);
    }

    @Test
    void create() {
        String serial = Fixtures.deviceInJongno();
        OffsetDateTime at = Fixtures.future(20);
        replaysAndRefusesAnotherBody(
                "POST",
                "/api/schedules",
                Fixtures.createBody(serial, at, "kim"),
                Fixtures.createBody(serial, at.plusHours(2), "kim"),
                201);
        assertThat(Fixtures.liveSchedules(serial)).isEqualTo(1);

        String key = UUID.randomUUID().toString();
        String body = Fixtures.createBody(serial, at.plusHours(5), "kim");
        retryWhileInFlightIs409(
                "LOCK TABLE scheduling.schedules IN SHARE MODE",
                key,
                () -> send(key, "POST", "/api/schedules", body),
                201);
        assertThat(Fixtures.liveSchedules(serial)).isEqualTo(2);
    }

    @Test
    void patch() {
        String serial = Fixtures.deviceInJongno();
        OffsetDateTime at = Fixtures.future(21);
        String id = Fixtures.createdId(admin, serial, at, "kim");
        replaysAndRefusesAnotherBody(
                "PATCH", "/api/schedules/" + id, "{\"assigneeId\": \"lee\"}", "{\"assigneeId\": \"park\"}", 200);
        assertThat(Database.<Long>scalar("SELECT version FROM scheduling.schedules WHERE id = ?::uuid", id))
                .isEqualTo(2L);

        String key = UUID.randomUUID().toString();
        retryWhileInFlightIs409(
                "SELECT 1 FROM scheduling.schedules WHERE id = '" + id + "' FOR UPDATE",
                key,
                () -> send(key, "PATCH", "/api/schedules/" + id, "{\"priority\": \"high\"}"),
                200);
        assertThat(Database.<Long>scalar("SELECT version FROM scheduling.schedules WHERE id = ?::uuid", id))
                .isEqualTo(3L);
    }

    @Test
    void cancel() {
        String serial = Fixtures.deviceInJongno();
        String id = Fixtures.createdId(admin, serial, Fixtures.future(22), "kim");
        replaysAndRefusesAnotherBody(
                "POST", "/api/schedules/" + id + "/cancel", "{\"reason\": \"a\"}", "{\"reason\": \"b\"}", 200);
        assertThat(Database.<String>scalar("SELECT cancel_reason FROM scheduling.schedules WHERE id = ?::uuid", id))
                .isEqualTo("a");

        String other = Fixtures.createdId(admin, serial, Fixtures.future(23), "kim");
        String key = UUID.randomUUID().toString();
        retryWhileInFlightIs409(
                "SELECT 1 FROM scheduling.schedules WHERE id = '" + other + "' FOR UPDATE",
                key,
                () -> send(key, "POST", "/api/schedules/" + other + "/cancel", "{\"reason\": \"c\"}"),
                200);
        assertThat(Database.<Long>scalar("SELECT version FROM scheduling.schedules WHERE id = ?::uuid", other))
                .isEqualTo(2L);
    }

    @Test
    void plans() {
        String gugun = Fixtures.uniqueGugun();
        Fixtures.device(Fixtures.SEOUL, gugun, "active");
        Fixtures.device(Fixtures.SEOUL, gugun, "active");
        String planner = Tokens.localAdmin("idem-plan-" + gugun, Fixtures.SEOUL, gugun);
        String month = MonthlyPlanTest.NEXT_MONTH.toString();
        String body = "{\"month\": \"" + month + "\", \"sido\": \"" + Fixtures.SEOUL + "\", \"gugun\": \"" + gugun
                + "\", \"assigneeId\": \"kim\"}";
        String key = UUID.randomUUID().toString();
        Response first =
                Fixtures.as(planner).header("Idempotency-Key", key).body(body).post("/api/schedules/plans");
        first.then().statusCode(201).body("created", org.hamcrest.Matchers.equalTo(2));
        Response replay =
                Fixtures.as(planner).header("Idempotency-Key", key).body(body).post("/api/schedules/plans");
        replay.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(replay.asString()).isEqualTo(first.asString());
        Fixtures.as(planner)
                .header("Idempotency-Key", key)
                .body(body.replace("kim", "lee"))
                .post("/api/schedules/plans")
                .then()
                .statusCode(422);
        assertThat(Database.count("scheduling.schedules", "gugun = ?", gugun)).isEqualTo(2);

        String inFlightKey = UUID.randomUUID().toString();
        Supplier<Response> again = () -> Fixtures.as(planner)
                .header("Idempotency-Key", inFlightKey)
                .body("{\"month\": \"" + month + "\", \"sido\": \"" + Fixtures.SEOUL + "\", \"gugun\": \"" + gugun
                        + "\", \"assigneeId\": \"kim\", \"perDay\": 1}")
                .post("/api/schedules/plans");
        CompletableFuture<Response> blocked;
        try (Fixtures.HeldLock held = new Fixtures.HeldLock(
                "SELECT pg_advisory_xact_lock(hashtext('aedpics.scheduling.plan." + month + "'))")) {
            blocked = CompletableFuture.supplyAsync(again);
            await().atMost(Duration.ofSeconds(60)).until(IdempotencyTest::blockedBehindTheHeldLock);
            again.get().then().statusCode(409);
        }
        assertThat(blocked.join().statusCode()).isEqualTo(200);
    }

    /**
     * The first request is waiting for the test's lock, so it is in flight: it holds its key since its transaction
     * began (a transaction-scoped advisory lock, docs/decisions/0012).
     */
    private static boolean blockedBehindTheHeldLock() {
        return Database.count(
                        "pg_stat_activity",
                        "datname = current_database() AND backend_type = 'client backend' AND wait_event_type = 'Lock'")
                > 0;
    }
}
