package pics.aed.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;
import pics.aed.events.Topics;
import pics.aed.platform.testapp.WidgetConsumer;
import pics.aed.platform.testapp.WidgetEffects;
import pics.aed.platform.testapp.WidgetEvent;
import pics.aed.platform.testapp.WidgetsResource;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/**
 * The shared consume path against a real broker and database: each effect once per event id (the test effect is a
 * counter), poison records to the consumer's dead-letter topic while the records after them are applied, transient
 * database failures retried until they pass.
 */
@QuarkusTest
class EventConsumersTest {

    private static final String DEAD_LETTERS = Topics.deadLetters(WidgetsResource.TOPIC, "platform-test");

    @Inject
    MeterRegistry registry;

    private static CloudEvent widgetEvent(String name) {
        return WidgetEvent.about(name);
    }

    private static void publish(CloudEvent event) {
        KafkaEvents.publish(WidgetsResource.TOPIC, event.subject(), event.data(), event.headers());
    }

    private static long applied(String name) {
        Object applied = Database.scalar("SELECT applied FROM platform_test.widget_counts WHERE widget_name = ?", name);
        return applied == null ? 0 : ((Number) applied).longValue();
    }

    private static void awaitApplied(String name) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(applied(name)).isEqualTo(1));
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() {
        String name = "redelivered-" + UUID.randomUUID();
        CloudEvent event = widgetEvent(name);
        publish(event);
        publish(event);
        // a later event of the same key (same partition): once it is applied, both copies have been handled
        String marker = "marker-" + UUID.randomUUID();
        publish(widgetEvent(marker).withSubject(name));

        awaitApplied(marker);
        assertThat(applied(name)).isEqualTo(1);
        assertThat(Database.count(
                        "platform_test.processed_events",
                        "consumer = ? AND event_id = ?",
                        WidgetConsumer.NAME,
                        event.id()))
                .isEqualTo(1);
    }

    @Test
    void duplicatesInsideOneBatchAreAppliedOnce() {
        String prefix = "in-batch-" + UUID.randomUUID() + "-";
        List<KafkaEvents.Outgoing> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            CloudEvent event = widgetEvent(prefix + i).withSubject(prefix);
            // one producer sends all of them at once: the consumer polls them in a few large batches
            records.add(new KafkaEvents.Outgoing(prefix, event.data(), event.headers()));
            records.add(new KafkaEvents.Outgoing(prefix, event.data(), event.headers()));
        }
        KafkaEvents.publishAll(WidgetsResource.TOPIC, records);

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                Database.count("platform_test.widget_counts", "widget_name LIKE ?", prefix + "%"))
                        .isEqualTo(100));
        assertThat(Database.count("platform_test.widget_counts", "widget_name LIKE ? AND applied <> 1", prefix + "%"))
                .isZero();
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheRecordsAfterThemAreApplied() {
        String key = "poison-key-" + UUID.randomUUID();
        // not a CloudEvent at all
        KafkaEvents.publish(WidgetsResource.TOPIC, key, "{\"name\":\"no headers\"}", Map.of());
        // a CloudEvent whose data is not a WidgetEvent
        CloudEvent unreadable = new CloudEvent(
                CloudEvent.newId(),
                "/test",
                WidgetConsumer.TYPE,
                key,
                OffsetDateTime.now(),
                "[\"not\", \"an object\"]");
        publish(unreadable);
        // a WidgetEvent whose effect fails as a bug would, in a batch with good events
        CloudEvent failing =
                widgetEvent(WidgetEffects.POISON + UUID.randomUUID()).withSubject(key);
        List<String> good = List.of("good-1-" + UUID.randomUUID(), "good-2-" + UUID.randomUUID());
        List<KafkaEvents.Outgoing> batch = new ArrayList<>();
        batch.add(outgoing(widgetEvent(good.get(0)).withSubject(key)));
        batch.add(outgoing(failing));
        batch.add(outgoing(widgetEvent(good.get(1)).withSubject(key)));
        KafkaEvents.publishAll(WidgetsResource.TOPIC, batch);

        good.forEach(EventConsumersTest::awaitApplied);
        List<KafkaEvents.Event> deadLetters =
                KafkaEvents.awaitRecords(DEAD_LETTERS, e -> key.equals(e.key()), 3, Duration.ofSeconds(60));
        assertThat(deadLetters).hasSize(3);
        assertThat(deadLetters)
                .allSatisfy(letter -> assertThat(letter.headers())
                        .containsEntry(DeadLetters.TOPIC, WidgetsResource.TOPIC)
                        .containsEntry(DeadLetters.CONSUMER, "platform-test")
                        .containsKeys(DeadLetters.REASON, DeadLetters.PARTITION, DeadLetters.OFFSET));
        assertThat(deadLetters.get(0).value()).isEqualTo("{\"name\":\"no headers\"}");
        assertThat(deadLetters.get(0).headers().get(DeadLetters.REASON)).contains("not a CloudEvents 1.0 record");
        assertThat(deadLetters.get(1).headers())
                .containsEntry("ce_id", unreadable.id())
                .hasEntrySatisfying(
                        DeadLetters.REASON, reason -> assertThat(reason).contains("is not a WidgetEvent"));
        assertThat(deadLetters.get(2).headers())
                .containsEntry("ce_id", failing.id())
                .hasEntrySatisfying(
                        DeadLetters.REASON, reason -> assertThat(reason).contains("division by zero"));
        // the failed effect rolled back with its processed-event id: a fixed replay of the dead letter applies it
        assertThat(Database.count("platform_test.processed_events", "event_id = ?", failing.id()))
                .isZero();
        assertThat(counter("dead_lettered")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aTransientDatabaseFailureIsRetriedUntilItPassesAndNothingIsDeadLettered() throws Exception {
        String name = WidgetEffects.LOCKED + UUID.randomUUID();
        Database.execute("INSERT INTO platform_test.widget_locks (widget_name) VALUES (?)", name);
        double retriesBefore = retries();
        double deadLetteredBefore = counter("dead_lettered");
        CloudEvent event = widgetEvent(name);
        try (Connection holder = Database.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT widget_name FROM platform_test.widget_locks WHERE widget_name = ? FOR UPDATE")) {
                lock.setString(1, name);
                lock.executeQuery().close();
            }
            publish(event);
            // the effect runs into its lock_timeout again and again while the row is held
            await().atMost(Duration.ofSeconds(60)).until(() -> retries() >= retriesBefore + 3);
            assertThat(applied(name)).isZero();
            holder.rollback();
        }
        awaitApplied(name);
        assertThat(counter("dead_lettered")).isEqualTo(deadLetteredBefore);
    }

    private static KafkaEvents.Outgoing outgoing(CloudEvent event) {
        return new KafkaEvents.Outgoing(event.subject(), event.data(), event.headers());
    }

    private double counter(String outcome) {
        Counter counter = registry.find("aedpics.events.consumed")
                .tags("consumer", WidgetConsumer.NAME, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double retries() {
        Counter counter = registry.find("aedpics.events.retries")
                .tags("consumer", WidgetConsumer.NAME)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
