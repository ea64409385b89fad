package pics.aed.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;
import pics.aed.platform.testapp.WidgetsResource;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/** A redelivered event has no second effect; the effect and the processed id commit together. */
@QuarkusTest
class IdempotentConsumerTest {

    @Test
    void redeliveredEventHasNoSecondEffect() {
        String name = "consumed-" + UUID.randomUUID();
        CloudEvent event = new CloudEvent(
                CloudEvent.newId(),
                "/test",
                "pics.aed.test.widget-created",
                name,
                OffsetDateTime.now(),
                "{\"name\":\"" + name + "\"}");
        KafkaEvents.publish(WidgetsResource.TOPIC, name, event.data(), event.headers());
        KafkaEvents.publish(WidgetsResource.TOPIC, name, event.data(), event.headers());
        // a different event after both duplicates: once it is applied, both duplicates have been handled
        String marker = "marker-" + UUID.randomUUID();
        CloudEvent next = new CloudEvent(
                CloudEvent.newId(),
                "/test",
                "pics.aed.test.widget-created",
                name,
                OffsetDateTime.now(),
                "{\"name\":\"" + marker + "\"}");
        KafkaEvents.publish(WidgetsResource.TOPIC, name, next.data(), next.headers());

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(Database.count("platform_test.widget_effects", "widget_name = ?", marker))
                                .isEqualTo(1));
        assertThat(Database.count("platform_test.widget_effects", "widget_name = ?", name))
                .isEqualTo(1);
        assertThat(Database.count(
                        "platform_test.processed_events", "consumer = 'widget-effects' AND event_id = ?", event.id()))
                .isEqualTo(1);
    }
}
