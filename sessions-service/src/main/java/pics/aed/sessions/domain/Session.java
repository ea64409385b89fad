package pics.aed.sessions.domain;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;
import pics.aed.platform.security.Region;

/** One inspector's work on one device, as stored; {@code scheduleId} is its assignment's schedule, if any. */
public record Session(
        UUID id,
        String equipmentSerial,
        String inspectorId,
        Region region,
        SessionStatus status,
        int currentStep,
        JsonObject stepData,
        JsonObject deviceSnapshot,
        OffsetDateTime startedAt,
        OffsetDateTime pausedAt,
        OffsetDateTime resumedAt,
        OffsetDateTime completedAt,
        OffsetDateTime cancelledAt,
        String cancelReason,
        UUID assignmentId,
        UUID inspectionId,
        long version,
        UUID scheduleId) {

    public boolean isHeldBy(String inspector) {
        return inspectorId.equals(inspector);
    }
}
