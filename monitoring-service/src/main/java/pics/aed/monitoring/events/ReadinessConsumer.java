package pics.aed.monitoring.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.monitoring.store.ReadinessStore;
import pics.aed.platform.consumer.EventConsumers;
import pics.aed.platform.consumer.EventHandler;

/**
 * Feeds the readiness view through the shared consume path (typed payloads, dedupe, batches, dead letters): every
 * device snapshot from the compacted {@code aed.devices.v1} (read from the start, it rebuilds the view) and every
 * completed session from {@code inspection.sessions.v1} (its day and the expiry dates the inspector corrected). Other
 * session events change nothing here.
 */
@ApplicationScoped
public class ReadinessConsumer {

    private final EventConsumers consumers;
    private final EventHandler devices;
    private final EventHandler sessions;

    public ReadinessConsumer(EventConsumers consumers, ReadinessStore readiness) {
        this.consumers = consumers;
        this.devices = EventHandler.ofBatches(
                "readiness-devices", DeviceSnapshot.class, readiness::applySnapshots, EventTypes.DEVICE_UPSERTED);
        this.sessions = EventHandler.of(
                "readiness-sessions",
                SessionCompleted.class,
                readiness::applyCompletedSession,
                EventTypes.SESSION_COMPLETED);
    }

    @Incoming("readiness-devices")
    public Uni<Void> onDevices(Message<List<String>> batch) {
        return consumers.consume(devices, batch);
    }

    @Incoming("readiness-sessions")
    public Uni<Void> onSessions(Message<List<String>> batch) {
        return consumers.consume(sessions, batch);
    }
}
