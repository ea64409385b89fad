package pics.aed.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import pics.aed.events.CloudEvent;

/**
 * One consuming use case: for each event type it applies, the payload record of libs/events that type carries and the
 * effect. Events of other types on the same topic are acknowledged without an effect (a topic carries several types).
 * <p>
 * {@code name} is the stable name of the use case, kept in {@code processed_events.consumer}: two use cases reading
 * one topic deduplicate separately; renaming one makes redelivered events count as new.
 */
public final class EventHandler {

    /**
     * How one event type is read and applied: one event at a time, or, for a {@link BatchEffect}, each run of
     * consecutive events of the type in one call.
     */
    public record Route<T>(Class<T> payloadType, EnvelopedEffect<T> effect, BatchEffect<T> batchEffect) {

        public Route {
            Objects.requireNonNull(payloadType, "payloadType");
            if ((effect == null) == (batchEffect == null)) {
                throw new IllegalArgumentException("a route has either an effect per event or a batch effect");
            }
        }

        static <T> Route<T> perEvent(Class<T> payloadType, EnvelopedEffect<T> effect) {
            return new Route<>(payloadType, Objects.requireNonNull(effect, "effect"), null);
        }

        static <T> Route<T> batched(Class<T> payloadType, BatchEffect<T> batchEffect) {
            return new Route<>(payloadType, null, Objects.requireNonNull(batchEffect, "batchEffect"));
        }

        public boolean appliesInBatches() {
            return batchEffect != null;
        }

        Uni<Void> apply(SqlConnection tx, CloudEvent event, Object payload) {
            return appliesInBatches()
                    ? batchEffect.apply(tx, List.of(payloadType.cast(payload)))
                    : effect.apply(tx, event, payloadType.cast(payload));
        }

        Uni<Void> applyAll(SqlConnection tx, List<?> payloads) {
            if (!appliesInBatches()) {
                throw new IllegalStateException("a per-event route applies one event at a time");
            }
            return batchEffect.apply(
                    tx, payloads.stream().map(payloadType::cast).toList());
        }
    }

    /** An effect that also needs the envelope (its time, subject or type), e.g. an event log. */
    @FunctionalInterface
    public interface EnvelopedEffect<T> {
        Uni<Void> apply(SqlConnection tx, CloudEvent event, T payload);
    }

    /**
     * Applies a run of consecutive events of one type in one go (one set-based statement instead of one round trip
     * per event: a device view catching up with 81,000 registry snapshots). It must leave the database as applying
     * the payloads one by one, in the order given, would; the list may hold several payloads of one key.
     */
    @FunctionalInterface
    public interface BatchEffect<T> {
        Uni<Void> apply(SqlConnection tx, List<T> payloads);
    }

    private final String name;
    private final Map<String, Route<?>> routes;
    private final Route<CloudEvent> everyOtherType;

    private EventHandler(String name, Map<String, Route<?>> routes, Route<CloudEvent> everyOtherType) {
        this.name = Objects.requireNonNull(name, "name");
        this.routes = Map.copyOf(routes);
        this.everyOtherType = everyOtherType;
        if (routes.isEmpty() && everyOtherType == null) {
            throw new IllegalArgumentException("handler " + name + " applies no event type");
        }
    }

    /** A handler of one payload record, for one or more event types that carry it. */
    public static <T> EventHandler of(
            String name, Class<T> payloadType, EventEffect<T> effect, String eventType, String... moreEventTypes) {
        Builder builder = named(name).on(eventType, payloadType, effect);
        for (String type : moreEventTypes) {
            builder.on(type, payloadType, effect);
        }
        return builder.build();
    }

    /** A handler of one payload record applied a run at a time, for one or more event types that carry it. */
    public static <T> EventHandler ofBatches(
            String name, Class<T> payloadType, BatchEffect<T> effect, String eventType, String... moreEventTypes) {
        Builder builder = named(name).onBatches(eventType, payloadType, effect);
        for (String type : moreEventTypes) {
            builder.onBatches(type, payloadType, effect);
        }
        return builder.build();
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** How to read and apply an event of this type, or empty when this handler does not apply it. */
    public Optional<Route<?>> routeFor(String eventType) {
        Route<?> route = routes.get(eventType);
        return route != null ? Optional.of(route) : Optional.ofNullable(everyOtherType);
    }

    public static final class Builder {
        private final String name;
        private final Map<String, Route<?>> routes = new LinkedHashMap<>();
        private Route<CloudEvent> everyOtherType;

        private Builder(String name) {
            this.name = name;
        }

        /** Events of {@code eventType} carry {@code payloadType}; {@code effect} applies one. */
        public <T> Builder on(String eventType, Class<T> payloadType, EventEffect<T> effect) {
            return onWithEnvelope(eventType, payloadType, (tx, event, payload) -> effect.apply(tx, payload));
        }

        /** As {@link #on}, for an effect that also reads the envelope. */
        public <T> Builder onWithEnvelope(String eventType, Class<T> payloadType, EnvelopedEffect<T> effect) {
            routes.put(Objects.requireNonNull(eventType, "eventType"), Route.perEvent(payloadType, effect));
            return this;
        }

        /** Events of {@code eventType} carry {@code payloadType}; {@code effect} applies each run of them at once. */
        public <T> Builder onBatches(String eventType, Class<T> payloadType, BatchEffect<T> effect) {
            routes.put(Objects.requireNonNull(eventType, "eventType"), Route.batched(payloadType, effect));
            return this;
        }

        /** Every event of a type without its own route, as the envelope itself (an event log keeps them all). */
        public Builder onEveryOtherType(EventEffect<CloudEvent> effect) {
            everyOtherType = Route.perEvent(CloudEvent.class, (tx, event, payload) -> effect.apply(tx, event));
            return this;
        }

        public EventHandler build() {
            return new EventHandler(name, routes, everyOtherType);
        }
    }
}
