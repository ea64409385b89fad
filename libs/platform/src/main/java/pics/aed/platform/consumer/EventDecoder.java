package pics.aed.platform.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import pics.aed.events.CloudEvent;

/**
 * Reads a binary-mode CloudEvent and its JSON data into the payload record of libs/events its type carries, with the
 * application's Jackson mapper (ISO dates, unknown members ignored: adding a member is not a breaking change). A
 * route whose payload type is {@link CloudEvent} gets the envelope itself.
 */
public final class EventDecoder {

    private final ObjectMapper json;

    public EventDecoder(ObjectMapper json) {
        this.json = json;
    }

    public Decoding decode(ConsumedRecord record, EventHandler handler) {
        CloudEvent event;
        try {
            event = CloudEvent.fromHeaders(record.headers(), record.value());
        } catch (RuntimeException notACloudEvent) {
            return new Decoding.Undecodable(record, invalid("not a CloudEvents 1.0 record", notACloudEvent));
        }
        Optional<EventHandler.Route<?>> route = handler.routeFor(event.type());
        if (route.isEmpty()) {
            return new Decoding.NotHandled(record, event.type());
        }
        Class<?> payloadType = route.get().payloadType();
        if (payloadType == CloudEvent.class) {
            return new Decoding.Decoded(record, event, route.get(), event);
        }
        try {
            Object payload = json.readValue(event.data(), payloadType);
            if (payload == null) {
                return new Decoding.Undecodable(
                        record, new IllegalArgumentException("event " + event.id() + " has no data"));
            }
            return new Decoding.Decoded(record, event, route.get(), payload);
        } catch (JsonProcessingException | RuntimeException unreadable) {
            return new Decoding.Undecodable(
                    record,
                    invalid(
                            "event " + event.id() + " (" + event.type() + ") is not a " + payloadType.getSimpleName(),
                            unreadable));
        }
    }

    private static IllegalArgumentException invalid(String what, Exception cause) {
        return new IllegalArgumentException(what + ": " + cause.getMessage(), cause);
    }
}
