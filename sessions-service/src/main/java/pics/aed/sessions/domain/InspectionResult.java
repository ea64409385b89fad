package pics.aed.sessions.domain;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the inspector found (the HTTP contract "complete"). The first three are required; coordinates must lie in Korea. */
public record InspectionResult(
        @NotNull BatteryStatus batteryStatus,
        @NotNull PadStatus padStatus,
        @NotNull OperationStatus operationStatus,
        LocalDate batteryExpiryDate,
        LocalDate padExpiryDate,
        @Valid Gps gps,
        @Valid Storage storage,
        @Size(max = 20) List<@Size(max = 50) String> signage,
        @Size(max = 50) List<@Size(max = 500) String> issues,
        @Size(max = 50) List<@Size(max = 300) String> photos,
        @Size(max = 2000) String notes) {

    public enum BatteryStatus {
        good,
        replaced,
        expired,
        not_checked
    }

    public enum PadStatus {
        good,
        replaced,
        expired,
        not_checked
    }

    public enum OperationStatus {
        normal,
        faulty,
        not_checked
    }

    public enum ChecklistValue {
        normal,
        needs_improvement
    }

    public enum StorageBox {
        none,
        working,
        not_working
    }

    /** A position inside the Republic of Korea (33–39° N, 124–132° E). */
    public record Gps(
            @NotNull @DecimalMin("33.0") @DecimalMax("39.0") Double latitude,

            @NotNull @DecimalMin("124.0") @DecimalMax("132.0")
            Double longitude) {}

    public record Storage(StorageBox box, @Size(max = 20) Map<@Size(max = 50) String, ChecklistValue> checklist) {}
}
