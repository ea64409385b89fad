package pics.aed.sessions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Map;
import pics.aed.sessions.domain.Session;

/** The session of the HTTP contract. {@code resumed} is present on the answers of start-or-resume only. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SessionJson(
        String id,
        String equipmentSerial,
        String inspectorId,
        String status,
        int currentStep,
        Map<String, Object> stepData,
        Map<String, Object> deviceSnapshot,
        OffsetDateTime startedAt,
        OffsetDateTime pausedAt,
        OffsetDateTime resumedAt,
        OffsetDateTime completedAt,
        OffsetDateTime cancelledAt,
        String cancelReason,
        String assignmentId,
        String inspectionId,
        long version,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean resumed) {

    public static SessionJson of(Session s) {
        return of(s, null);
    }

    public static SessionJson of(Session s, Boolean resumed) {
        return new SessionJson(
                s.id().toString(),
                s.equipmentSerial(),
                s.inspectorId(),
                s.status().name(),
                s.currentStep(),
                s.stepData().getMap(),
                s.deviceSnapshot().getMap(),
                s.startedAt(),
                s.pausedAt(),
                s.resumedAt(),
                s.completedAt(),
                s.cancelledAt(),
                s.cancelReason(),
                s.assignmentId() == null ? null : s.assignmentId().toString(),
                s.inspectionId() == null ? null : s.inspectionId().toString(),
                s.version(),
                resumed);
    }
}
