package pics.aed.events.sessions;

import java.time.OffsetDateTime;

/** Data of {@code pics.aed.inspection.approved|rejected}. */
public record InspectionReviewed(
        String inspectionId,
        String sessionId,
        String equipmentSerial,
        String approvalStatus,
        String reviewedBy,
        OffsetDateTime reviewedAt,
        String rejectionReason) {}
