package pics.aed.sync.domain;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import pics.aed.events.devices.DeviceSnapshot;

/**
 * One device as a source delivered it, after the format stage: typed, trimmed, sido normalised to its official name.
 * Fields a source does not carry are null ({@code openingHours} is null when the source has none).
 *
 * @param seq the record's position in its source (1-based), so that rejects and duplicates can name it
 */
public record DeviceRecord(
        int seq,
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
        String clerkTel,
        String manager,
        String managerTel,
        String zipcode) {

    /**
     * The device this record creates when it is new to the registry: active, with no other source's fields, at the
     * first version (the insert writes the same: the column's default).
     */
    public DeviceSnapshot asNewDevice(OffsetDateTime updatedAt) {
        return new DeviceSnapshot(
                equipmentSerial,
                managementNumber,
                sido,
                gugun,
                healthCenter,
                institution,
                address,
                position,
                latitude,
                longitude,
                manufacturer,
                model,
                manufacturingDate,
                batteryExpiryDate,
                padExpiryDate,
                operationStatus,
                lastInspectionDate,
                openingHours,
                DeviceSnapshot.DataStatus.active,
                updatedAt,
                DeviceSnapshot.FIRST_VERSION);
    }
}
