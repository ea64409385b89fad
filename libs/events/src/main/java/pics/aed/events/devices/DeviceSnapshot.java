package pics.aed.events.devices;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Whether a view that holds {@code held} keeps this snapshot instead: a versioned snapshot replaces any of a lower
     * or equal version and every unversioned one; an unversioned snapshot replaces only an unversioned one that is not
     * newer. (The consumers' SQL applies the same rule against the row they hold.)
     */
    public boolean supersedes(DeviceSnapshot held) {
        if (version > 0) {
            return held.version == 0 || held.version <= version;
        }
        return held.version == 0 && (held.updatedAt == null || updatedAt == null || !held.updatedAt.isAfter(updatedAt));
    }

    /** The device's status; a snapshot without one (from before the field existed) is of an active device. */
    public DataStatus statusOrActive() {
        return dataStatus == null ? DataStatus.active : dataStatus;
    }

    /** The version a view stores: none (null) for a snapshot from before versions existed. */
    public Long versionOrNone() {
        return version > 0 ? version : null;
    }

    /**
     * What a view keeps of snapshots consumed in this order, one per device, in the order of each device's first
     * appearance: applying these is the same as applying all of them one by one.
     */
    public static List<DeviceSnapshot> latestPerDevice(List<DeviceSnapshot> inOrder) {
        Map<String, DeviceSnapshot> kept = new LinkedHashMap<>();
        for (DeviceSnapshot snapshot : inOrder) {
            kept.merge(snapshot.equipmentSerial(), snapshot, (held, next) -> next.supersedes(held) ? next : held);
        }
        return new ArrayList<>(kept.values());
    }

    public enum DataStatus {
        active,
        missing,
        deletion_suspected
    }
}
