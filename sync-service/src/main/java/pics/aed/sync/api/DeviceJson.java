package pics.aed.sync.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.sync.domain.Device;

/** The HTTP contract "Devices": the device JSON; {@code distanceMeters} only on nearby results. */
public record DeviceJson(
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
        String dataStatus,
        OffsetDateTime firstSeenAt,
        OffsetDateTime lastSeenAt,
        OffsetDateTime updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double distanceMeters) {

    public static DeviceJson of(Device d) {
        return of(d, null);
    }

    public static DeviceJson of(Device device, Double distanceMeters) {
        DeviceSnapshot d = device.snapshot();
        return new DeviceJson(
                d.equipmentSerial(),
                d.managementNumber(),
                d.sido(),
                d.gugun(),
                d.healthCenter(),
                d.institution(),
                d.address(),
                d.position(),
                d.latitude(),
                d.longitude(),
                d.manufacturer(),
                d.model(),
                d.manufacturingDate(),
                d.batteryExpiryDate(),
                d.padExpiryDate(),
                d.operationStatus(),
                d.lastInspectionDate(),
                d.openingHours(),
                d.dataStatus().name(),
                device.firstSeenAt(),
                device.lastSeenAt(),
                d.updatedAt(),
                distanceMeters == null ? null : Math.round(distanceMeters * 10) / 10.0);
    }
}
