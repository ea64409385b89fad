package pics.aed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import pics.aed.events.Topics;

class KafkaRestartTest {

    @Test
    void aRestartKeepsPortAndRecordsAndDeliversAWriteMadeWhileDownExactlyOnce() throws Exception {
        String bootstrapServers = AedpicsTestServers.kafkaBootstrapServers();
        int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.indexOf(':') + 1));
        String key = "restart-" + System.nanoTime();
        KafkaEvents.publish(Topics.SESSIONS, key, "before");

        ExecutorService background = Executors.newSingleThreadExecutor();
        try (KafkaProducer<String, String> producer = producer(bootstrapServers)) {
            producer.send(new ProducerRecord<>(Topics.SESSIONS, key, "warm-up")).get(30, TimeUnit.SECONDS);
            AedpicsTestServers.stopKafka();
            Future<RecordMetadata> writtenWhileDown;
            try {
                assertThatThrownBy(() -> new Socket("localhost", port).close()).isInstanceOf(ConnectException.class);
                // send() itself blocks while the producer has no metadata (it re-bootstraps once the broker is gone).
                writtenWhileDown =
                        background.submit(() -> producer.send(new ProducerRecord<>(Topics.SESSIONS, key, "while-down"))
                                .get());
                Thread.sleep(2_000);
                assertThat(writtenWhileDown).isNotDone();
            } finally {
                AedpicsTestServers.startKafka();
            }
            writtenWhileDown.get(60, TimeUnit.SECONDS);
        } finally {
            background.shutdownNow();
        }
        KafkaEvents.publish(Topics.SESSIONS, key, "after");

        assertThat(AedpicsTestServers.kafkaBootstrapServers()).isEqualTo(bootstrapServers);
        List<KafkaEvents.Event> events =
                KafkaEvents.awaitRecords(Topics.SESSIONS, e -> key.equals(e.key()), 4, Duration.ofSeconds(30));
        assertThat(events)
                .extracting(KafkaEvents.Event::value)
                .containsExactly("before", "warm-up", "while-down", "after");
    }

    /** Like a service's producer: idempotent, so its retries while the broker is away cannot duplicate. */
    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
