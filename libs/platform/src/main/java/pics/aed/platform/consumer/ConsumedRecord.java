package pics.aed.platform.consumer;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A Kafka record as a consumer received it, before decoding: what a dead letter forwards unchanged, and where it sat
 * (for logs and the dead letter's headers). Header values are read as UTF-8 (every aedpics header is text); of a
 * repeated header the last value wins.
 */
public record ConsumedRecord(
        String topic, int partition, long offset, String key, String value, Map<String, String> headers) {

    public ConsumedRecord {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static ConsumedRecord of(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new ConsumedRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key() == null ? null : record.key().toString(),
                record.value() == null ? null : record.value().toString(),
                headers);
    }

    /** {@code topic/partition@offset}, how logs name a record. */
    public String position() {
        return topic + "/" + partition + "@" + offset;
    }
}
