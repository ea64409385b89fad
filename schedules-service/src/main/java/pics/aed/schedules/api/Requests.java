package pics.aed.schedules.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import pics.aed.schedules.domain.Priority;

/** The request bodies of the schedules API, validated before anything runs. */
public final class Requests {

    private Requests() {}

    public record CreateSchedule(
            @NotBlank
            @Size(max = 50)
            @Pattern(regexp = "[\\p{Alnum}\\-_]+", message = "letters, digits, '-' and '_' only")
            String equipmentSerial,

            @NotNull OffsetDateTime scheduledFor,
            @NotBlank @Size(max = 128) String assigneeId,
            OffsetDateTime dueAt,
            Priority priority,
            @Size(max = 2000) String notes) {}

    public record PatchSchedule(
            OffsetDateTime scheduledFor,
            OffsetDateTime dueAt,

            @Size(min = 1, max = 128) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String assigneeId,

            Priority priority,
            @Size(max = 2000) String notes) {}

    public record CancelSchedule(@NotBlank @Size(max = 500) String reason) {}

    public record CreatePlan(
            @NotBlank String month,
            @Size(max = 50) String sido,
            @Size(max = 50) String gugun,
            @NotBlank @Size(max = 128) String assigneeId,
            @Min(1) @Max(200) Integer perDay) {}
}
