package pics.aed.events.devices;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Data of {@code pics.aed.device.upserted} on {@code aed.devices.v1}: the full device as the registry knows it. The
 * topic is compacted, so the latest snapshot per serial is the device; a retired device keeps its key and carries its
 * {@code dataStatus} (never a tombstone).
 *
 * <p>{@code version} orders the snapshots of one device: the registry raises it with every write that publishes a
 * snapshot (a sync's insert, update, restore or status change, an inspection result), in the transaction that
 * writes the row, so it only grows. A consumer keeps the snapshot with the highest version it has seen, never the
 * newest {@code updatedAt}: a sync stamps the time its transaction started, which can be earlier than an inspection
 * update that committed while the sync ran. Snapshots published before versions existed carry none (0 here).
 */
public record DeviceSnapshot(
        String equipmentSerial,
        String managementNumber,
        String sido,
        String gugun,
        String healthCenter,
        String institution,
        String address,
        String position,
        Double latitude,
        Double longitude,
        String manufacturer,
        String model,
        LocalDate manufacturingDate,
        LocalDate batteryExpiryDate,
        LocalDate padExpiryDate,
        String operationStatus,
        LocalDate lastInspectionDate,
        Map<String, String> openingHours,
        DataStatus dataStatus,
        OffsetDateTime updatedAt,
        long version) {

    /** The version of a device's first snapshot (its insert into the registry). */
    public static final long FIRST_VERSION = 1;

    public enum DataStatus {
        active,
        missing,
        deletion_suspected
    }
}
