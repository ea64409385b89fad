package pics.aed.platform.testapp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor (configured on the outbox channel in the test app) that makes the producer block on metadata:
 * while a blackout lasts, a record for its topic is redirected to a partition the topic does not have, so
 * {@code send} waits {@code max.block.ms} for metadata that never comes and fails with a TimeoutException, exactly
 * as when a partition's leader is unknown. Kafka instantiates it, so its state is static. Test-only.
 */
public class MetadataBlackout implements ProducerInterceptor<Object, Object> {

    private static final int MISSING_PARTITION = 999;
    private static volatile String topic;
    private static volatile long untilNanos;
    private static final AtomicInteger blocked = new AtomicInteger();

    /** From now on, for {@code duration}, every send to {@code blackedOutTopic} blocks and fails. */
    public static void start(String blackedOutTopic, Duration duration) {
        topic = blackedOutTopic;
        untilNanos = System.nanoTime() + duration.toNanos();
    }

    /** How many sends were made to block so far. */
    public static int blockedSends() {
        return blocked.get();
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (!record.topic().equals(topic) || System.nanoTime() - untilNanos > 0) {
            return record;
        }
        blocked.incrementAndGet();
        return new ProducerRecord<>(
                record.topic(), MISSING_PARTITION, record.timestamp(), record.key(), record.value(), record.headers());
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
