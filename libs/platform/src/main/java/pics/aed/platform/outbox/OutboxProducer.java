package pics.aed.platform.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import pics.aed.platform.config.OutboxSettings;

/**
 * The outbox relay's Kafka producer: the plain Kafka client, configured by {@code kafka.bootstrap.servers} and the
 * producer properties under {@code aedpics.outbox.kafka.} (for example {@code aedpics.outbox.kafka.acks=all}).
 * <p>
 * The relay needs nothing of a messaging channel: it sends a wave of records at once and wants each one's verdict.
 * Through an emitter each event cost a message, its acknowledgement callbacks and a stream stage with context
 * propagation, which made the relay the slowest step of a full sync's 81,383 events (docs/benchmarks.md "Device views
 * catching up"). {@code send} runs on a thread of its own: it blocks up to {@code max.block.ms} while a topic's
 * metadata is missing, which must never hold an event loop.
 */
@Singleton
public class OutboxProducer {

    private static final Logger LOG = Logger.getLogger(OutboxProducer.class);

    /** The verdicts on a wave, in the order of its records: null where Kafka acknowledged the record. */
    public record Verdicts(List<Throwable> failures) {}

    private final Map<String, Object> producerConfig;
    private final MeterRegistry registry;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "aedpics-outbox-send");
        thread.setDaemon(true);
        return thread;
    });
    private Producer<String, String> producer;
    private KafkaClientMetrics metrics;

    public OutboxProducer(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            OutboxSettings settings,
            MeterRegistry registry) {
        this.producerConfig = producerConfig(kafka, settings.kafka());
        this.registry = registry;
    }

    private static Map<String, Object> producerConfig(Map<String, Object> kafka, Map<String, String> relay) {
        Map<String, Object> properties = new HashMap<>();
        kafka.forEach((name, value) -> {
            String key = name.replace('-', '.');
            if (ProducerConfig.configNames().contains(key)) {
                properties.put(key, value);
            }
        });
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "aedpics-outbox-relay");
        properties.putAll(relay);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        LOG.debugf("outbox producer: %s", properties);
        return properties;
    }

    /**
     * Sends every record of a wave and completes with their verdicts once Kafka gave one for each, or after
     * {@code timeout} with a {@link TimeoutException} for those still waiting. Kafka gives its verdict within
     * {@code delivery.timeout.ms}, so the timeout is a safety net, not a path the relay relies on.
     */
    public CompletionStage<Verdicts> sendAll(List<ProducerRecord<String, String>> wave, Duration timeout) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(wave.size());
        wave.forEach(record -> acks.add(new CompletableFuture<>()));
        try {
            sender.execute(() -> sendBlocking(wave, acks));
        } catch (RuntimeException rejected) {
            acks.forEach(ack -> ack.completeExceptionally(rejected));
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .exceptionally(failure -> null)
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(settled -> verdicts(acks, timeout));
    }

    private void sendBlocking(List<ProducerRecord<String, String>> wave, List<CompletableFuture<Void>> acks) {
        Producer<String, String> kafka;
        try {
            kafka = producer();
        } catch (RuntimeException unavailable) {
            acks.forEach(ack -> ack.completeExceptionally(unavailable));
            return;
        }
        for (int i = 0; i < wave.size(); i++) {
            CompletableFuture<Void> ack = acks.get(i);
            try {
                kafka.send(wave.get(i), (metadata, failure) -> settle(ack, failure));
            } catch (RuntimeException refused) {
                ack.completeExceptionally(refused);
            }
        }
    }

    private static void settle(CompletableFuture<Void> ack, Exception failure) {
        if (failure == null) {
            ack.complete(null);
        } else {
            ack.completeExceptionally(failure);
        }
    }

    private static Verdicts verdicts(List<CompletableFuture<Void>> acks, Duration timeout) {
        List<Throwable> failures = new ArrayList<>(acks.size());
        for (CompletableFuture<Void> ack : acks) {
            if (!ack.isDone()) {
                failures.add(new TimeoutException("no verdict from Kafka within " + timeout));
            } else if (ack.isCompletedExceptionally()) {
                failures.add(ack.handle((ok, failure) -> failure).join());
            } else {
                failures.add(null);
            }
        }
        return new Verdicts(failures);
    }

    /**
     * Created on the first send, not at start-up: a broker address that does not resolve yet (a cluster still coming
     * up) fails the send, which the relay retries with backoff, instead of failing the service's start.
     */
    private Producer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig);
            metrics = new KafkaClientMetrics(producer);
            metrics.bindTo(registry);
        }
        return producer;
    }

    void stop(@Observes ShutdownEvent event) {
        sender.execute(this::closeBlocking);
        sender.shutdown();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeBlocking() {
        if (producer == null) {
            return;
        }
        try {
            metrics.close();
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException failure) {
            LOG.warnf("outbox producer did not close cleanly: %s", failure.getMessage());
        }
    }
}
