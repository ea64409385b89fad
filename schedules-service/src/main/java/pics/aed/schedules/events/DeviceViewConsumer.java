package pics.aed.schedules.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;
import pics.aed.schedules.domain.DeviceRetirement;

/**
 * Keeps the device view (where plans find devices and scope rules look) in step with the registry, from the compacted
 * {@code aed.devices.v1}; a device suspected deleted has its future schedules cancelled.
 */
@ApplicationScoped
public class DeviceViewConsumer {

    static final String CONSUMER = "device-view";

    private final IdempotentConsumer consumer;
    private final DeviceRetirement retirement;
    private final ObjectMapper json;

    public DeviceViewConsumer(IdempotentConsumer consumer, DeviceRetirement retirement, ObjectMapper json) {
        this.consumer = consumer;
        this.retirement = retirement;
        this.json = json;
    }

    @Incoming("devices")
    public Uni<Void> onDevice(Message<String> message) {
        return IdempotentConsumer.settle(
                message,
                Uni.createFrom().item(() -> IncomingEvent.from(message)).flatMap(this::apply));
    }

    private Uni<Boolean> apply(IncomingEvent event) {
        if (!EventTypes.DEVICE_UPSERTED.equals(event.type())) {
            return Uni.createFrom().item(false);
        }
        DeviceSnapshot snapshot = EventPayloads.read(json, event, DeviceSnapshot.class);
        return consumer.processOnce(CONSUMER, event, tx -> retirement.apply(tx, snapshot));
    }
}
