package pics.aed.platform.outbox;

import java.util.Objects;

/**
 * An event to publish once the transaction that wrote it commits.
 *
 * @param topic   one of {@link pics.aed.events.Topics}
 * @param key     the partition key: the equipment serial (or, for events about no single device, their subject id)
 * @param type    one of {@link pics.aed.events.EventTypes}
 * @param subject CloudEvents subject, normally the equipment serial
 * @param data    the payload record, serialised to JSON
 */
public record OutboxEvent(String topic, String key, String type, String subject, Object data) {

    public OutboxEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** An event about one device: key and subject are its serial. */
    public static OutboxEvent aboutDevice(String topic, String type, String equipmentSerial, Object data) {
        return new OutboxEvent(topic, equipmentSerial, type, equipmentSerial, data);
    }
}
