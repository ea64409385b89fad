package pics.aed.monitoring.live.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
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

    public Uni<Void> log(SqlConnection tx, CloudEvent event) {
        if (event.time().isBefore(OffsetDateTime.now().minus(config.retention()))) {
            return Uni.createFrom().voidItem();
        }
        return placementOf(tx, event).flatMap(placement -> log.append(tx, event, placement));
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
