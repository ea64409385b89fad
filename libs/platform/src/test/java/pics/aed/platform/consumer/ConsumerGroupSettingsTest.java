package pics.aed.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every channel's Kafka consumer gets the platform's group session settings (ConsumerGroupTimeouts is applied). */
@QuarkusTest
class ConsumerGroupSettingsTest {

    @Inject
    KafkaClientService clients;

    @Test
    void theTestAppsConsumerRunsWithTheShortSession() {
        assertThat(clients.getConsumerChannels()).isNotEmpty();
        for (String channel : clients.getConsumerChannels()) {
            Map<String, Object> configuration =
                    new HashMap<>(clients.getConsumer(channel).configuration());
            assertThat(configuration)
                    .as(channel)
                    .containsEntry("session.timeout.ms", "10000")
                    .containsEntry("heartbeat.interval.ms", "3000");
        }
    }
}
