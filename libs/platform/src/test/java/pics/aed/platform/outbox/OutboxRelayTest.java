package pics.aed.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import pics.aed.platform.PlatformTestServers;
import pics.aed.platform.testapp.MetadataBlackout;
import pics.aed.platform.testapp.WidgetsResource;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/** The relay keeps each key's order when Kafka fails part of a batch, and parks what Kafka will never take. */
@QuarkusTest
class OutboxRelayTest {

    private static final String TYPE = "pics.aed.test.widget-created";

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private void appendInOneTransaction(List<OutboxEvent> events) {
        pool.withTransaction(tx -> outbox.appendAll(tx, events)).await().atMost(Duration.ofSeconds(60));
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void noEventOfAKeyIsPublishedAfterALaterOneWhileSendsBlockOnMetadata() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> keys =
                IntStream.range(0, 5).mapToObj(k -> "order-" + run + "-" + k).toList();
        List<OutboxEvent> events = IntStream.range(0, 200)
                .mapToObj(i -> OutboxEvent.aboutDevice(
                        PlatformTestServers.RELAY_ORDER_TOPIC,
                        TYPE,
                        keys.get(i % 5),
                        Map.of("name", keys.get(i % 5), "n", i)))
                .toList();
        int blockedBefore = MetadataBlackout.blockedSends();

        // for the next 10 s every send to the topic blocks max.block.ms (5 s) on metadata and then fails
        MetadataBlackout.start(PlatformTestServers.RELAY_ORDER_TOPIC, Duration.ofSeconds(10));
        appendInOneTransaction(events);

        List<KafkaEvents.Event> published = KafkaEvents.awaitRecords(
                PlatformTestServers.RELAY_ORDER_TOPIC, e -> keys.contains(e.key()), 200, Duration.ofSeconds(180));
        // the blackout really hit the batch: sends blocked on metadata and timed out
        assertThat(MetadataBlackout.blockedSends()).isGreaterThan(blockedBefore);

        Map<String, List<Integer>> firstDeliveries = firstDeliveryOrderPerKey(published);
        assertThat(firstDeliveries.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        for (int k = 0; k < 5; k++) {
            int first = k;
            List<Integer> expected =
                    IntStream.range(0, 200).filter(i -> i % 5 == first).boxed().toList();
            assertThat(firstDeliveries.get(keys.get(k)))
                    .as("events of %s in the order they first reached the topic", keys.get(k))
                    .containsExactlyElementsOf(expected);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                Database.count("platform_test.outbox", "event_key LIKE ?", "order-" + run + "-%"))
                        .isZero());
    }

    /**
     * Each event's first appearance, per key, in topic order (one key is one partition): a republished duplicate
     * after a later event is harmless (consumers skip it), a first delivery after a later event is the bug.
     */
    private static Map<String, List<Integer>> firstDeliveryOrderPerKey(List<KafkaEvents.Event> published) {
        Set<String> seen = new HashSet<>();
        Map<String, List<Integer>> order = new LinkedHashMap<>();
        for (KafkaEvents.Event event : published) {
            if (seen.add(event.headers().get("ce_id"))) {
                order.computeIfAbsent(event.key(), key -> new ArrayList<>())
                        .add(new JsonObject(event.value()).getInteger("n"));
            }
        }
        return order;
    }

    @Test
    void anEventKafkaAlwaysRefusesIsParkedAndTheEventsAfterItFlow() {
        String key = "parked-" + UUID.randomUUID();
        String other = "flowing-" + UUID.randomUUID();
        double parkedBefore = counter("aedpics.outbox.parked");
        String tooLarge = "x".repeat(2 * 1024 * 1024); // over the producer's max.request.size (1 MiB)
        appendInOneTransaction(List.of(
                OutboxEvent.aboutDevice(WidgetsResource.TOPIC, TYPE, key, Map.of("name", key, "n", 0, "pad", tooLarge)),
                OutboxEvent.aboutDevice(WidgetsResource.TOPIC, TYPE, key, Map.of("name", key, "n", 1)),
                OutboxEvent.aboutDevice(WidgetsResource.TOPIC, TYPE, other, Map.of("name", other, "n", 0))));

        KafkaEvents.awaitRecords(WidgetsResource.TOPIC, e -> other.equals(e.key()), 1, Duration.ofSeconds(60));
        List<KafkaEvents.Event> ofKey =
                KafkaEvents.awaitRecords(WidgetsResource.TOPIC, e -> key.equals(e.key()), 1, Duration.ofSeconds(60));
        assertThat(ofKey)
                .extracting(e -> new JsonObject(e.value()).getInteger("n"))
                .containsExactly(1);

        List<Map<String, Object>> rows = Database.rows(
                "SELECT attempts, last_error, parked_at IS NOT NULL AS parked FROM platform_test.outbox WHERE event_key = ?",
                key);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("parked", true).containsEntry("attempts", 1);
        assertThat((String) rows.get(0).get("last_error")).contains("RecordTooLargeException");
        assertThat(counter("aedpics.outbox.parked")).isEqualTo(parkedBefore + 1);
        Database.execute("DELETE FROM platform_test.outbox WHERE event_key = ?", key);
    }
}
