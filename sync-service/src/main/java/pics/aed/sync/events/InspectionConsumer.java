package pics.aed.sync.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pics.aed.events.EventTypes;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.sql.QueryParams;
import pics.aed.sync.store.DeviceStore;

/**
 * A completed inspection ({@code pics.aed.session.completed} on {@code inspection.sessions.v1}) sets the device's last
 * inspection date (the Korean date of completion) and the expiry dates the inspector corrected, and publishes the new
 * snapshot in the same transaction. Other session events are not the registry's business. Exactly once per event id.
 */
@ApplicationScoped
public class InspectionConsumer {

    private static final Logger LOG = Logger.getLogger(InspectionConsumer.class);
    static final String CONSUMER = "registry-inspections";

    private final IdempotentConsumer consumer;
    private final DeviceStore devices;
    private final Outbox outbox;
    private final ObjectMapper json;

    public InspectionConsumer(IdempotentConsumer consumer, DeviceStore devices, Outbox outbox, ObjectMapper json) {
        this.consumer = consumer;
        this.devices = devices;
        this.outbox = outbox;
        this.json = json;
    }

    @Incoming("inspections")
    public Uni<Void> onSessionEvent(Message<String> message) {
        return Uni.createFrom()
                .item(() -> IncomingEvent.from(message))
                .flatMap(event -> EventTypes.SESSION_COMPLETED.equals(event.type())
                        ? consumer.processOnce(CONSUMER, event, tx -> apply(tx, read(event)))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .onItemOrFailure()
                .transformToUni((done, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "session event could not be applied to the registry");
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private SessionCompleted read(IncomingEvent event) {
        try {
            return json.readValue(event.data(), SessionCompleted.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(
                    "event " + event.id() + " is not a SessionCompleted: " + e.getMessage(), e);
        }
    }

    private Uni<Void> apply(io.vertx.mutiny.sqlclient.SqlConnection tx, SessionCompleted completed) {
        if (completed.equipmentSerial() == null || completed.completedAt() == null) {
            LOG.warnf("session completion %s names no device or time; ignored", completed.sessionId());
            return Uni.createFrom().voidItem();
        }
        LocalDate inspectedOn =
                completed.completedAt().atZoneSameInstant(QueryParams.KOREA).toLocalDate();
        return devices.applyInspection(
                        tx,
                        completed.equipmentSerial(),
                        inspectedOn,
                        completed.batteryExpiryDate(),
                        completed.padExpiryDate())
                .flatMap(changed -> {
                    if (!changed) {
                        return Uni.createFrom().voidItem();
                    }
                    return devices.find(tx, completed.equipmentSerial())
                            .flatMap(device -> outbox.append(tx, RegistryEvents.deviceUpserted(device.orElseThrow())))
                            .replaceWithVoid();
                });
    }
}
