package pics.aed.monitoring.domain;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** One firing episode of a condition, as stored; resolved once the condition stops holding. */
public record Alert(
        UUID id,
        String rule,
        String fingerprint,
        Severity severity,
        AlertStatus status,
        String summary,
        Map<String, String> labels,
        OffsetDateTime startsAt,
        OffsetDateTime endsAt,
        OffsetDateTime lastEvaluatedAt) {

    public enum AlertStatus {
        firing,
        resolved
    }
}
