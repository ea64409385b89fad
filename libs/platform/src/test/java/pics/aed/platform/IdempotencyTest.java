package pics.aed.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import pics.aed.platform.jobs.RetentionJobs;
import pics.aed.platform.testapp.WidgetsResource;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/** Idempotency-Key: replay, 422 on another body, 409 while in flight, failure frees the key, caller scope, expiry. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    RetentionJobs retention;

    private final String caller = "idem-" + UUID.randomUUID();
    private final String token = Tokens.inspector(caller, "서울특별시", "종로구");

    private Response create(String key, String name, String query) {
        return given().auth()
                .oauth2(token)
                .header("Idempotency-Key", key)
                .contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .post("/test/widgets" + query);
    }

    @Test
    void replayReturnsTheStoredResponseAndChangesNothing() {
        String key = UUID.randomUUID().toString();
        String name = "replay-" + key;
        Response first = create(key, name, "");
        first.then().statusCode(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();

        Response second = create(key, name, "");
        second.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(second.body().asString()).isEqualTo(first.body().asString());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));

        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isEqualTo(1);
        // exactly one event was written: published (its outbox row gone) and consumed once; the replay wrote none
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Database.count("platform_test.outbox", "subject = ?", name))
                        .isZero());
        assertThat(KafkaEvents.awaitRecords(
                        WidgetsResource.TOPIC, e -> name.equals(e.key()), 1, Duration.ofSeconds(30)))
                .hasSize(1);
        Map<String, Object> stored = Database.rows(
                        "SELECT state, response_status FROM platform_test.idempotency_keys"
                                + " WHERE caller_id = ? AND idempotency_key = ?",
                        caller,
                        key)
                .get(0);
        assertThat(stored).containsEntry("state", "completed").containsEntry("response_status", 201);
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        create(key, "first-" + key, "").then().statusCode(201);
        create(key, "second-" + key, "")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/idempotency-key-reused"));
        assertThat(Database.count("platform_test.widgets", "name = ?", "second-" + key))
                .isZero();
    }

    @Test
    void keysAreScopedToTheCaller() {
        String key = UUID.randomUUID().toString();
        create(key, "mine-" + key, "").then().statusCode(201);
        given().auth()
                .oauth2(Tokens.inspector("someone-else-" + key, "서울특별시", "종로구"))
                .header("Idempotency-Key", key)
                .contentType("application/json")
                .body("{\"name\": \"theirs-" + key + "\"}")
                .post("/test/widgets")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", (String) null);
        assertThat(Database.count("platform_test.idempotency_keys", "idempotency_key = ?", key))
                .isEqualTo(2);
    }

    @Test
    void concurrentRetriesWhileInFlightAre409AndOnlyOneExecutes() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "inflight-" + key;
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Callable<Integer> call = () -> {
                    start.await();
                    return create(key, name, "?slowMillis=1500").statusCode();
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isEqualTo(1);
        // and once it finished, a retry replays
        create(key, name, "").then().statusCode(201).header("Idempotent-Replayed", "true");
    }

    /**
     * The fault suite's finding: a process killed mid-request left its claim for a minute, and the phone's retry got
     * 409 until then. Here the process "dies" as far as the database can tell: its connections are terminated while
     * the request runs and it cannot open another (the database refuses connections), so nothing it would do on a
     * failure reaches the database. Its retry must execute at once, and the work must be done exactly once.
     */
    @Test
    void aRetryAfterTheClaimersProcessDiedExecutesAtOnceAndOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "crashed-" + key;
        java.util.concurrent.CompletableFuture<Response> crashed =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> create(key, name, "?slowMillis=60000"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Database.count(
                                "pg_stat_activity",
                                "query LIKE 'SELECT pg_sleep%' AND state = 'active' AND pid <> pg_backend_pid()")
                        == 1);
        try (java.sql.Connection admin = Database.connect();
                java.sql.Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + admin.getCatalog() + " CONNECTION LIMIT 0");
            try {
                // the connections of the service's reactive pool, which runs requests
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = 'vertx-pg-client' AND pid <> pg_backend_pid()");
                // the request fails (503) and whatever it does on failure is refused by the database
                assertThat(crashed.get().statusCode()).isEqualTo(503);
            } finally {
                sql.execute("ALTER DATABASE " + admin.getCatalog() + " CONNECTION LIMIT -1");
            }
        }

        // the phone retries with the same key; 503 while the pool connects again is the contract, 409 is the bug
        Response retry = create(key, name, "");
        for (int attempt = 0; attempt < 300 && retry.statusCode() == 503; attempt++) {
            Thread.sleep(200);
            retry = create(key, name, "");
        }
        assertThat(retry.statusCode()).as(retry.body().asString()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isEqualTo(1);
        assertThat(KafkaEvents.awaitRecords(
                        WidgetsResource.TOPIC, e -> name.equals(e.key()), 1, Duration.ofSeconds(30)))
                .hasSize(1);
        assertThat(Database.rows(
                        "SELECT state FROM platform_test.idempotency_keys WHERE caller_id = ? AND idempotency_key = ?",
                        caller,
                        key))
                .containsExactly(Map.of("state", "completed"));
        // and the retry's answer is the one stored
        create(key, name, "").then().statusCode(201).header("Idempotent-Replayed", "true");
    }

    @Test
    void aFailedRequestChangesNothingAndFreesTheKey() {
        String key = UUID.randomUUID().toString();
        String name = "fails-" + key;
        create(key, name, "?failAfterInsert=true").then().statusCode(500);
        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isZero();
        assertThat(Database.count("platform_test.outbox", "subject = ?", name)).isZero();
        assertThat(Database.count("platform_test.idempotency_keys", "idempotency_key = ?", key))
                .isZero();

        create(key, name, "").then().statusCode(201).header("Idempotent-Replayed", (String) null);
        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isEqualTo(1);
    }

    @Test
    void unusableKeyIsValidationProblem() {
        create("x".repeat(256), "long-key", "")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void expiredKeysArePurgedAndFreeAgain() {
        String key = UUID.randomUUID().toString();
        create(key, "expiring-" + key, "").then().statusCode(201);
        Database.execute(
                "UPDATE platform_test.idempotency_keys SET expires_at = now() - interval '1 second'"
                        + " WHERE idempotency_key = ?",
                key);
        retention.purgeNow().await().indefinitely();
        assertThat(Database.count("platform_test.idempotency_keys", "idempotency_key = ?", key))
                .isZero();
        create(key, "reused-" + key, "").then().statusCode(201).header("Idempotent-Replayed", (String) null);
    }
}
