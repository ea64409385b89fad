package pics.aed.monitoring.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.monitoring.store.ReadinessStore;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;

/**
 * Feeds the readiness view: every device snapshot from the compacted {@code aed.devices.v1} (read from the start, it
 * rebuilds the view) and every completed session from {@code inspection.sessions.v1} (its day and the expiry dates the
 * inspector corrected). Other session events change nothing here.
 */
@ApplicationScoped
public class ReadinessConsumer {

    private final IdempotentConsumer consumer;
    private final ReadinessStore readiness;
    private final ObjectMapper json;

    public ReadinessConsumer(IdempotentConsumer consumer, ReadinessStore readiness, ObjectMapper json) {
        this.consumer = consumer;
        this.readiness = readiness;
        this.json = json;
    }

    @Incoming("readiness-devices")
    public Uni<Void> onDevice(Message<String> message) {
        return IdempotentConsumer.settle(message, decoded(message).flatMap(this::applyDevice));
    }

    @Incoming("readiness-sessions")
    public Uni<Void> onSession(Message<String> message) {
        return IdempotentConsumer.settle(message, decoded(message).flatMap(this::applySession));
    }

    private Uni<Void> applyDevice(IncomingEvent event) {
        if (!EventTypes.DEVICE_UPSERTED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        DeviceSnapshot device = read(event, DeviceSnapshot.class);
        return consumer.processOnce("readiness-devices", event, tx -> readiness.applySnapshot(tx, device))
                .replaceWithVoid();
    }

    private Uni<Void> applySession(IncomingEvent event) {
        if (!EventTypes.SESSION_COMPLETED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        SessionCompleted session = read(event, SessionCompleted.class);
        return consumer.processOnce("readiness-sessions", event, tx -> readiness.applyCompletedSession(tx, session))
                .replaceWithVoid();
    }

    private static Uni<IncomingEvent> decoded(Message<String> message) {
        return Uni.createFrom().item(() -> IncomingEvent.from(message));
    }

    private <T> T read(IncomingEvent event, Class<T> type) {
        try {
            return json.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "event " + event.id() + " (" + event.type() + ") is not a valid " + type.getSimpleName(), e);
        }
    }
}
