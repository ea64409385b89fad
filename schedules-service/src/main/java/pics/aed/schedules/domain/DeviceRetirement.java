package pics.aed.schedules.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.outbox.Outbox;
import pics.aed.schedules.config.SchedulesMetrics;
import pics.aed.schedules.events.ScheduleEvents;
import pics.aed.schedules.store.DeviceStore;
import pics.aed.schedules.store.ScheduleStore;

/**
 * Keeps the device view in step with the registry (aed.devices.v1) and retires a device's plan when the registry
 * suspects it deleted: its future scheduled schedules are cancelled (reason {@code device-retired}), each with its
 * event, in the transaction that records the snapshot.
 */
@Singleton
public class DeviceRetirement {

    public static final String REASON = "device-retired";
    static final String REGISTRY = "sync-service";
    private static final Logger LOG = Logger.getLogger(DeviceRetirement.class);

    private final DeviceStore devices;
    private final ScheduleStore schedules;
    private final Outbox outbox;
    private final SchedulesMetrics metrics;

    public DeviceRetirement(DeviceStore devices, ScheduleStore schedules, Outbox outbox, SchedulesMetrics metrics) {
        this.devices = devices;
        this.schedules = schedules;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * Applies a run of snapshots to the view, then retires each device they leave suspected deleted (a device marked
     * and restored within one run is held active and keeps its plan).
     */
    public Uni<Void> applyAll(SqlConnection tx, List<DeviceSnapshot> snapshots) {
        return devices.applyAll(tx, snapshots).flatMap(retired -> retireEach(tx, retired));
    }

    private Uni<Void> retireEach(SqlConnection tx, List<String> equipmentSerials) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String equipmentSerial : equipmentSerials) {
            chain = chain.chain(() -> retire(tx, equipmentSerial));
        }
        return chain;
    }

    private Uni<Void> retire(SqlConnection tx, String equipmentSerial) {
        return schedules
                .cancelFutureOfDevice(tx, equipmentSerial, REASON)
                .call(cancelled -> outbox.appendAll(tx, ScheduleEvents.cancelled(cancelled, REGISTRY)))
                .invoke(cancelled -> {
                    if (!cancelled.isEmpty()) {
                        metrics.cancelled(cancelled.size());
                        LOG.infof(
                                "device %s retired: %d future schedules cancelled", equipmentSerial, cancelled.size());
                    }
                })
                .replaceWithVoid();
    }
}
