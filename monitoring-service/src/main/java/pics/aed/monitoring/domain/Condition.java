package pics.aed.monitoring.domain;

import java.util.Map;
import java.util.Objects;

/** A rule's condition that holds now, e.g. "device-readiness in 서울특별시 종로구": an alert fires for it. */
public record Condition(AlertRule rule, Map<String, String> labels, String summary) {

    public Condition {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(summary, "summary");
        labels = Map.copyOf(labels);
    }

    public static Condition of(AlertRule rule, String summary) {
        return new Condition(rule, Map.of(), summary);
    }

    public String fingerprint() {
        return Fingerprint.of(rule, labels);
    }
}
