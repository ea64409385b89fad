package pics.aed.sessions.events;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;
import pics.aed.platform.security.Region;
import pics.aed.sessions.store.DeviceStore;

/**
 * Keeps the device view (what start snapshots, and where scope rules look) in step with the registry, from the
 * compacted {@code aed.devices.v1}: read from the start, it rebuilds the whole view.
 */
@ApplicationScoped
public class DeviceViewConsumer {

    private final IdempotentConsumer consumer;
    private final DeviceStore devices;

    public DeviceViewConsumer(IdempotentConsumer consumer, DeviceStore devices) {
        this.consumer = consumer;
        this.devices = devices;
    }

    @Incoming("devices")
    public Uni<Void> onDevice(Message<String> message) {
        return IdempotentConsumer.settle(
                message,
                Uni.createFrom()
                        .item(() -> IncomingEvent.from(message))
                        .flatMap(event -> EventTypes.DEVICE_UPSERTED.equals(event.type())
                                ? consumer.processOnce("device-view", event, tx -> {
                                            JsonObject device = new JsonObject(event.data());
                                            String updatedAt = device.getString("updatedAt");
                                            return devices.upsert(
                                                    tx,
                                                    device.getString("equipmentSerial"),
                                                    new Region(device.getString("sido"), device.getString("gugun")),
                                                    device.getString("dataStatus", "active"),
                                                    device,
                                                    updatedAt == null ? null : OffsetDateTime.parse(updatedAt));
                                        })
                                        .replaceWithVoid()
                                : Uni.createFrom().voidItem()));
    }
}
