package pics.aed.sessions.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import pics.aed.sessions.domain.InspectionResult;

/** The request bodies of the sessions API, validated before anything runs. */
public final class Requests {

    private Requests() {}

    public record StartSession(
            @NotBlank
            @Size(max = 50)
            @Pattern(regexp = "[\\p{Alnum}\\-_]+", message = "letters, digits, '-' and '_' only")
            String equipmentSerial) {}

    public enum OpenStatus {
        active,
        paused
    }

    public record PatchSession(@Min(0) @Max(20) Integer currentStep, Map<String, Object> stepData, OpenStatus status) {}

    public record CompleteSession(@NotNull @Valid InspectionResult result) {}

    public record CancelSession(@Size(max = 500) String reason) {}

    public record RejectInspection(
            @NotBlank @Size(max = 1000) String reason) {}
}
