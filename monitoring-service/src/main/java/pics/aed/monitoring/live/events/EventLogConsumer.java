package pics.aed.monitoring.live.events;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.monitoring.live.config.LiveStreamConfig;
import pics.aed.monitoring.live.domain.EventPlacement;
import pics.aed.monitoring.live.domain.Placement;
import pics.aed.monitoring.live.store.DeviceRegionStore;
import pics.aed.monitoring.live.store.EventLogStore;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;

/**
 * Appends every domain event to the live event log, once (the event id and the entry commit together). Two
 * channels: the registry changelog ({@code live-devices}) and everything else ({@code live-events}), so that a
 * registry-wide sync never queues session events behind tens of thousands of device snapshots. An event older than
 * the log's retention (the compacted changelog read from the start) is not logged: nobody could resume to it. Events
 * that name only a device take its region from the device view (readiness keeps it from the same changelog).
 */
@ApplicationScoped
public class EventLogConsumer {

    static final String CONSUMER = "live-event-log";

    private final IdempotentConsumer consumer;
    private final EventLogStore log;
    private final DeviceRegionStore regions;
    private final LiveStreamConfig config;

    public EventLogConsumer(
            IdempotentConsumer consumer, EventLogStore log, DeviceRegionStore regions, LiveStreamConfig config) {
        this.consumer = consumer;
        this.log = log;
        this.regions = regions;
        this.config = config;
    }

    @Incoming("live-devices")
    public Uni<Void> onDevice(Message<String> message) {
        return IdempotentConsumer.settle(
                message,
                Uni.createFrom()
                        .item(() -> IncomingEvent.from(message))
                        .flatMap(event -> consumer.processOnce(CONSUMER, event, tx -> appendIfRetained(tx, event))));
    }

    @Incoming("live-events")
    public Uni<Void> onEvent(Message<String> message) {
        return IdempotentConsumer.settle(
                message,
                Uni.createFrom()
                        .item(() -> IncomingEvent.from(message))
                        .flatMap(event -> consumer.processOnce(CONSUMER, event, tx -> appendIfRetained(tx, event))));
    }

    private Uni<Void> appendIfRetained(SqlConnection tx, IncomingEvent event) {
        if (event.event().time().isBefore(OffsetDateTime.now().minus(config.retention()))) {
            return Uni.createFrom().voidItem();
        }
        return placementOf(tx, event).flatMap(placement -> log.append(tx, event.event(), placement));
    }

    private Uni<Placement> placementOf(SqlConnection tx, IncomingEvent event) {
        Optional<Placement> decided = EventPlacement.fromEvent(event.event());
        if (decided.isPresent()) {
            return Uni.createFrom().item(decided.get());
        }
        String serial = EventPlacement.deviceSerial(event.event()).orElseThrow();
        return regions.find(tx, serial).map(EventPlacement::forDevice);
    }
}
