package pics.aed.sessions.domain;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;
import pics.aed.platform.security.Region;

/** The record a completed session leaves, and its review. */
public record Inspection(
        UUID id,
        UUID sessionId,
        String equipmentSerial,
        String inspectorId,
        Region region,
        OffsetDateTime inspectedAt,
        JsonObject result,
        OverallStatus overallStatus,
        ApprovalStatus approvalStatus,
        String reviewedBy,
        OffsetDateTime reviewedAt,
        String rejectionReason) {}
