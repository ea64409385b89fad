package pics.aed.platform.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import pics.aed.events.CloudEvent;

/**
 * Reads a binary-mode CloudEvent and its JSON data into the handler's payload record of libs/events, with the
 * application's Jackson mapper (ISO dates, unknown members ignored: adding a member is not a breaking change).
 */
public final class EventDecoder {

    private final ObjectMapper json;

    public EventDecoder(ObjectMapper json) {
        this.json = json;
    }

    public <T> Decoding<T> decode(ConsumedRecord record, EventHandler<T> handler) {
        CloudEvent event;
        try {
            event = CloudEvent.fromHeaders(record.headers(), record.value());
        } catch (RuntimeException notACloudEvent) {
            return new Decoding.Undecodable<>(record, invalid("not a CloudEvents 1.0 record", notACloudEvent));
        }
        if (!handler.handles(event.type())) {
            return new Decoding.NotHandled<>(record, event.type());
        }
        try {
            T payload = json.readValue(event.data(), handler.payloadType());
            if (payload == null) {
                return new Decoding.Undecodable<>(
                        record, new IllegalArgumentException("event " + event.id() + " has no data"));
            }
            return new Decoding.Decoded<>(record, event, payload);
        } catch (JsonProcessingException | RuntimeException unreadable) {
            return new Decoding.Undecodable<>(
                    record,
                    invalid(
                            "event " + event.id() + " (" + event.type() + ") is not a "
                                    + handler.payloadType().getSimpleName(),
                            unreadable));
        }
    }

    private static IllegalArgumentException invalid(String what, Exception cause) {
        return new IllegalArgumentException(what + ": " + cause.getMessage(), cause);
    }
}
