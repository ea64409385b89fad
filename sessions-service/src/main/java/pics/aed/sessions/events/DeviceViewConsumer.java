package pics.aed.sessions.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.consumer.EventConsumers;
import pics.aed.platform.consumer.EventHandler;
import pics.aed.sessions.store.DeviceStore;

/**
 * Keeps the device view (what start snapshots, and where scope rules look) in step with the registry, from the
 * compacted {@code aed.devices.v1}: read from the start, it rebuilds the whole view.
 */
@ApplicationScoped
public class DeviceViewConsumer {

    private final EventConsumers consumers;
    private final EventHandler handler;

    public DeviceViewConsumer(EventConsumers consumers, DeviceStore devices) {
        this.consumers = consumers;
        this.handler = EventHandler.ofBatches(
                "device-view", DeviceSnapshot.class, devices::applyAll, EventTypes.DEVICE_UPSERTED);
    }

    @Incoming("devices")
    public Uni<Void> onDevices(Message<List<String>> batch) {
        return consumers.consume(handler, batch);
    }
}
