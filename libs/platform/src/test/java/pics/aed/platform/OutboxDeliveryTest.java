package pics.aed.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.platform.testapp.WidgetsResource;
import pics.aed.testsupport.AedpicsTestServers;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/** The outbox publishes committed events as CloudEvents keyed by serial; a stopped broker delays, never loses. */
@QuarkusTest
class OutboxDeliveryTest {

    private final String token = Tokens.master("outbox-" + UUID.randomUUID());

    private void create(String name) {
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .post("/test/widgets")
                .then()
                .statusCode(201);
    }

    @Test
    void committedEventIsPublishedAsBinaryCloudEventKeyedBySubject() {
        String name = "published-" + UUID.randomUUID();
        create(name);
        List<KafkaEvents.Event> events =
                KafkaEvents.awaitRecords(WidgetsResource.TOPIC, e -> name.equals(e.key()), 1, Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        KafkaEvents.Event event = events.get(0);
        assertThat(event.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "pics.aed.test.widget-created")
                .containsEntry("ce_subject", name)
                .containsEntry("ce_source", "/aedpics/platform-test")
                .containsEntry("content-type", "application/json")
                .containsKeys("ce_id", "ce_time");
        assertThat(new io.vertx.core.json.JsonObject(event.value()).getString("name"))
                .isEqualTo(name);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Database.count("platform_test.outbox", "subject = ?", name))
                        .isZero());
    }

    @Test
    void withTheBrokerDownTheServiceStaysReadyWritesSucceedAndTheEventIsDeliveredOnceAfterRestart() {
        String name = "while-down-" + UUID.randomUUID();
        AedpicsTestServers.stopKafka();
        try {
            // the broker is reported down where operators look, and nowhere that takes the replica out of traffic
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> given().get("/q/health/well")
                            .then()
                            .body("checks.find { it.name == 'Kafka broker' }.status", equalTo("DOWN")));
            given().get("/q/metrics").then().body(containsString("aedpics_kafka_reachable 0.0"));
            for (int i = 0; i < 3; i++) {
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
                create(name + "-" + i);
            }
            create(name);
            assertThat(Database.count("platform_test.outbox", "subject = ?", name))
                    .isEqualTo(1);
            // let the relay try and fail while readiness is polled: still ready, the event still waits
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
            assertThat(Database.count("platform_test.outbox", "subject = ?", name))
                    .isEqualTo(1);
        } finally {
            AedpicsTestServers.startKafka();
        }
        String eventId = KafkaEvents.awaitRecords(
                        WidgetsResource.TOPIC, e -> name.equals(e.key()), 1, Duration.ofSeconds(90))
                .get(0)
                .headers()
                .get("ce_id");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Database.count("platform_test.outbox", "subject = ?", name))
                        .isZero());
        assertThat(KafkaEvents.readAll(WidgetsResource.TOPIC, name))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.headers()).containsEntry("ce_id", eventId));
    }

    @Test
    void rolledBackChangeWritesNoEvent() {
        String name = "rolled-" + UUID.randomUUID();
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .post("/test/widgets?failAfterInsert=true")
                .then()
                .statusCode(500);
        assertThat(Database.count("platform_test.outbox", "subject = ?", name)).isZero();
        // a later event on the topic shows the relay ran, and the rolled-back one is not before it
        String later = "after-rb-" + UUID.randomUUID();
        create(later);
        KafkaEvents.awaitRecords(WidgetsResource.TOPIC, e -> later.equals(e.key()), 1, Duration.ofSeconds(30));
        assertThat(KafkaEvents.readAll(WidgetsResource.TOPIC, name)).isEmpty();
    }

    @jakarta.inject.Inject
    pics.aed.platform.outbox.Outbox outbox;

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void manyEventsAppendedAtOnceArePublishedInTheirOrder() {
        String key = "batch-" + UUID.randomUUID();
        List<pics.aed.platform.outbox.OutboxEvent> events = java.util.stream.IntStream.range(0, 250)
                .mapToObj(i -> pics.aed.platform.outbox.OutboxEvent.aboutDevice(
                        WidgetsResource.TOPIC,
                        "pics.aed.test.widget-created",
                        key,
                        java.util.Map.of("name", key, "n", i)))
                .toList();
        pool.withTransaction(tx -> outbox.appendAll(tx, events)).await().atMost(Duration.ofSeconds(30));

        List<KafkaEvents.Event> published =
                KafkaEvents.awaitRecords(WidgetsResource.TOPIC, e -> key.equals(e.key()), 250, Duration.ofSeconds(60));
        assertThat(published).hasSize(250);
        assertThat(published)
                .extracting(e -> new io.vertx.core.json.JsonObject(e.value()).getInteger("n"))
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 250).boxed().toList());
        assertThat(published).extracting(e -> e.headers().get("ce_id")).doesNotHaveDuplicates();
    }

    @Test
    void eventsBuiltByAQueryArePublishedInItsOrderWithTheOutboxsEnvelope() {
        String prefix = "queried-" + UUID.randomUUID() + "-";
        String rows = """
                SELECT $1 || lpad(n::text, 3, '0') AS event_key, json_build_object('name', $1, 'n', n) AS data
                  FROM generate_series(0, 119) AS n ORDER BY n""";
        Integer appended = pool.withTransaction(tx -> outbox.appendQueried(
                        tx,
                        WidgetsResource.TOPIC,
                        "pics.aed.test.widget-created",
                        rows,
                        io.vertx.mutiny.sqlclient.Tuple.of(prefix)))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertThat(appended).isEqualTo(120);
        List<KafkaEvents.Event> published = KafkaEvents.awaitRecords(
                WidgetsResource.TOPIC, e -> e.key() != null && e.key().startsWith(prefix), 120, Duration.ofSeconds(60));
        assertThat(published).hasSize(120);
        assertThat(published)
                .allSatisfy(e -> assertThat(e.headers())
                        .containsEntry("ce_type", "pics.aed.test.widget-created")
                        .containsEntry("ce_subject", e.key())
                        .containsEntry("ce_source", "/aedpics/platform-test")
                        .containsKeys("ce_id", "ce_time"));
        assertThat(published).extracting(e -> e.headers().get("ce_id")).doesNotHaveDuplicates();
        assertThat(published)
                .extracting(e -> new io.vertx.core.json.JsonObject(e.value()).getInteger("n"))
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, 120).boxed().toList());
        // the query's order is the outbox's, so within each partition (records come in offset order) it holds
        for (int partition :
                published.stream().map(KafkaEvents.Event::partition).distinct().toList()) {
            List<String> keys = published.stream()
                    .filter(e -> e.partition() == partition)
                    .map(KafkaEvents.Event::key)
                    .toList();
            assertThat(keys).isSorted();
        }
    }
}
