package pics.aed.schedules.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import pics.aed.platform.consumer.IncomingEvent;

/** Reads an event's JSON data into its payload record from libs/events. */
final class EventPayloads {

    private EventPayloads() {}

    /** @throws IllegalArgumentException when the data is not the payload (the consumer nacks and stops) */
    static <T> T read(ObjectMapper json, IncomingEvent event, Class<T> type) {
        try {
            return json.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "event " + event.id() + " (" + event.type() + ") is not a " + type.getSimpleName(), e);
        }
    }
}
