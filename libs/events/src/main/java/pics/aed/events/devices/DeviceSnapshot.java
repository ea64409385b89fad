package pics.aed.events.devices;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Data of {@code pics.aed.device.upserted} on {@code aed.devices.v1}: the full device as the registry knows it. The
 * topic is compacted, so the latest snapshot per serial is the device; a retired device keeps its key and carries its
 * {@code dataStatus} (never a tombstone).
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
        OffsetDateTime updatedAt) {

    public enum DataStatus {
        active,
        missing,
        deletion_suspected
    }
}
