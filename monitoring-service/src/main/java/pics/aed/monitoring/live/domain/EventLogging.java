package pics.aed.monitoring.live.domain;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import pics.aed.events.CloudEvent;
import pics.aed.monitoring.live.config.LiveStreamConfig;
import pics.aed.monitoring.live.store.DeviceRegionStore;
import pics.aed.monitoring.live.store.EventLogStore;

/**
 * The live event log's effect of an event: append it with its placement (once per event id, by the consume path). An
 * event older than the log's retention (the compacted changelog read from the start) is not logged: nobody could
 * resume to it. Events that name only a device take its region from the device view (readiness keeps it).
 */
@Singleton
public class EventLogging {

    private final EventLogStore log;
    private final DeviceRegionStore regions;
    private final LiveStreamConfig config;

    public EventLogging(EventLogStore log, DeviceRegionStore regions, LiveStreamConfig config) {
        this.log = log;
        this.regions = regions;
        this.config = config;
    }

    /** Appends a run of events in their order, each with its placement, as one statement. */
    public Uni<Void> logAll(SqlConnection tx, List<CloudEvent> events) {
        OffsetDateTime oldestKept = OffsetDateTime.now().minus(config.retention());
        List<CloudEvent> resumable = events.stream()
                .filter(event -> !event.time().isBefore(oldestKept))
                .toList();
        if (resumable.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return placeAll(tx, resumable).flatMap(placed -> log.appendAll(tx, placed));
    }

    private Uni<List<EventLogStore.PlacedEvent>> placeAll(SqlConnection tx, List<CloudEvent> events) {
        return Multi.createFrom()
                .iterable(events)
                .onItem()
                .transformToUniAndConcatenate(event ->
                        placementOf(tx, event).map(placement -> new EventLogStore.PlacedEvent(event, placement)))
                .collect()
                .asList();
    }

    private Uni<Placement> placementOf(SqlConnection tx, CloudEvent event) {
        Optional<Placement> decided = EventPlacement.fromEvent(event);
        if (decided.isPresent()) {
            return Uni.createFrom().item(decided.get());
        }
        String serial = EventPlacement.deviceSerial(event).orElseThrow();
        return regions.find(tx, serial).map(EventPlacement::forDevice);
    }
}
