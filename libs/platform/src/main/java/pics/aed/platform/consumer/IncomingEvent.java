package pics.aed.platform.consumer;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.CloudEvent;

/** A CloudEvent as it arrived from Kafka, with where it came from (for logs). */
public record IncomingEvent(CloudEvent event, String topic, int partition, long offset) {

    /**
     * @throws IllegalArgumentException when the record is not a binary-mode CloudEvent
     */
    public static IncomingEvent from(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a Kafka record"));
        Map<String, String> headers = new HashMap<>();
        for (Header header : kafka.getHeaders()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new IncomingEvent(
                CloudEvent.fromHeaders(headers, message.getPayload()),
                kafka.getTopic(),
                kafka.getPartition(),
                kafka.getOffset());
    }

    public String id() {
        return event.id();
    }

    public String type() {
        return event.type();
    }

    public String data() {
        return event.data();
    }
}
