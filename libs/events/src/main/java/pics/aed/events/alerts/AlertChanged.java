package pics.aed.events.alerts;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Data of {@code pics.aed.alert.firing|resolved} on {@code monitoring.alerts.v1}: the alert after its transition. The
 * key and subject are the fingerprint (an alert is about a condition, not one device), so both transitions of one
 * condition stay in order.
 *
 * @param labels what the condition is about, e.g. {@code sido} and {@code gugun} for device-readiness
 * @param endsAt set when resolved
 */
public record AlertChanged(
        String alertId,
        String rule,
        String fingerprint,
        String severity,
        String status,
        String summary,
        Map<String, String> labels,
        OffsetDateTime startsAt,
        OffsetDateTime endsAt) {}
