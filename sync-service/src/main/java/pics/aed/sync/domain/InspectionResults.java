package pics.aed.sync.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import org.jboss.logging.Logger;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.sql.QueryParams;
import pics.aed.sync.events.RegistryEvents;
import pics.aed.sync.store.DeviceStore;

/**
 * What a completed inspection changes in the registry: the device's last inspection date (the Korean date of
 * completion) and the expiry dates the inspector corrected, and the new snapshot published in the same transaction.
 */
@Singleton
public class InspectionResults {

    private static final Logger LOG = Logger.getLogger(InspectionResults.class);

    private final DeviceStore devices;
    private final Outbox outbox;

    public InspectionResults(DeviceStore devices, Outbox outbox) {
        this.devices = devices;
        this.outbox = outbox;
    }

    public Uni<Void> apply(SqlConnection tx, SessionCompleted completed) {
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
                .flatMap(changed -> changed
                        ? publishSnapshot(tx, completed.equipmentSerial())
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> publishSnapshot(SqlConnection tx, String equipmentSerial) {
        return devices.find(tx, equipmentSerial)
                .flatMap(device -> outbox.append(tx, RegistryEvents.deviceUpserted(device.orElseThrow())))
                .replaceWithVoid();
    }
}
