package pics.aed.platform.consumer;

import java.util.Objects;
import java.util.Set;

/**
 * One consuming use case: which event types of a topic it applies, the payload record they carry and the effect.
 * Events of other types on the same topic are acknowledged without an effect (a topic carries several types).
 *
 * @param name        stable name of the use case, kept in {@code processed_events.consumer}: two use cases reading one
 *                    topic deduplicate separately; renaming it makes redelivered events count as new
 * @param payloadType the record of libs/events the data decodes into
 * @param eventTypes  the {@code ce_type} values it applies ({@link pics.aed.events.EventTypes})
 * @param effect      the change, run in the transaction that records the event id
 */
public record EventHandler<T>(String name, Class<T> payloadType, Set<String> eventTypes, EventEffect<T> effect) {

    public EventHandler {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(effect, "effect");
        eventTypes = Set.copyOf(eventTypes);
        if (eventTypes.isEmpty()) {
            throw new IllegalArgumentException("a handler applies at least one event type");
        }
    }

    public static <T> EventHandler<T> of(
            String name, Class<T> payloadType, EventEffect<T> effect, String eventType, String... moreEventTypes) {
        Set<String> types = new java.util.HashSet<>(Set.of(moreEventTypes));
        types.add(eventType);
        return new EventHandler<>(name, payloadType, types, effect);
    }

    public boolean handles(String eventType) {
        return eventTypes.contains(eventType);
    }
}
