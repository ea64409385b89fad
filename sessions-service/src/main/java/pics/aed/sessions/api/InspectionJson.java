package pics.aed.sessions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Map;
import pics.aed.sessions.domain.Inspection;

/** The inspection record of the HTTP contract. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InspectionJson(
        String id,
        String sessionId,
        String equipmentSerial,
        String inspectorId,
        OffsetDateTime inspectedAt,
        Map<String, Object> result,
        String overallStatus,
        String approvalStatus,
        String reviewedBy,
        OffsetDateTime reviewedAt,
        String rejectionReason) {

    public static InspectionJson of(Inspection i) {
        return new InspectionJson(
                i.id().toString(),
                i.sessionId().toString(),
                i.equipmentSerial(),
                i.inspectorId(),
                i.inspectedAt(),
                i.result().getMap(),
                i.overallStatus().name(),
                i.approvalStatus().name(),
                i.reviewedBy(),
                i.reviewedAt(),
                i.rejectionReason());
    }
}
