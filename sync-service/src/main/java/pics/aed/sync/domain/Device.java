package pics.aed.sync.domain;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;

import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.security.Region;

/** A device of the registry as stored. */
public record Device(
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
        DeviceSnapshot.DataStatus dataStatus,
        OffsetDateTime firstSeenAt,
        OffsetDateTime lastSeenAt,
        OffsetDateTime updatedAt) {

    public Region region() {
        return new Region(sido, gugun);
    }

    /** What {@code aed.devices.v1} carries for this device. */
    public DeviceSnapshot snapshot() {
        return new DeviceSnapshot(equipmentSerial, managementNumber, sido, gugun, healthCenter, institution, address,
                position, latitude, longitude, manufacturer, model, manufacturingDate, batteryExpiryDate,
                padExpiryDate, operationStatus, lastInspectionDate, openingHours, dataStatus, updatedAt);
    }
}
