package pics.aed.platform.consumer;

import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.Topics;

/**
 * Publishes a record a consumer can never apply to its dead-letter topic ({@link Topics#deadLetters}): key, value and
 * headers as they arrived, plus the {@code dead-letter-*} headers saying why and from where (the names SmallRye
 * Reactive Messaging's own dead-letter queue uses, so tools that read those read these). Replaying a dead letter is
 * publishing its value and {@code ce_*} headers back to {@code dead-letter-topic}.
 */
@Singleton
@Unremovable // the outgoing channel is configured for every service; its emitter must exist even without a consumer
public class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION = "dead-letter-exception-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String CONSUMER = "dead-letter-consumer";

    private static final int MAX_HEADER_CHARS = 2000;

    private final MutinyEmitter<String> emitter;

    public DeadLetters(@Channel("aedpics-dead-letters") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /**
     * @return completes when the broker acknowledged the dead letter; fails when it did not (the caller retries: the
     *     record is acknowledged only after its dead letter is safe)
     */
    public Uni<Void> publish(String consumerGroup, ConsumedRecord record, Throwable error) {
        String topic = Topics.deadLetters(record.topic(), consumerGroup);
        RecordHeaders headers = new RecordHeaders();
        headers(consumerGroup, record, error)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(Message.of(record.value()).addMetadata(metadata)));
    }

    /** The record's own headers, then why it is here; a long message is cut (headers are not for stack traces). */
    static Map<String, String> headers(String consumerGroup, ConsumedRecord record, Throwable error) {
        Map<String, String> headers = new LinkedHashMap<>(record.headers());
        headers.put(REASON, shorten(String.valueOf(error.getMessage())));
        Throwable root = rootCause(error);
        if (root != error) {
            headers.put(CAUSE, shorten(String.valueOf(root.getMessage())));
        }
        headers.put(EXCEPTION, error.getClass().getName());
        headers.put(TOPIC, record.topic());
        headers.put(PARTITION, Integer.toString(record.partition()));
        headers.put(OFFSET, Long.toString(record.offset()));
        headers.put(CONSUMER, consumerGroup);
        return headers;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_HEADER_CHARS ? text : text.substring(0, MAX_HEADER_CHARS) + "…";
    }
}
