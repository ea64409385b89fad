package pics.aed.monitoring.domain;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The text a person reads in the chat channel for one alert transition (Slack-compatible {@code {"text": …}}). */
public final class WebhookMessage {

    private WebhookMessage() {}

    public static String textOf(Alert alert) {
        String state = alert.status() == Alert.AlertStatus.firing ? "FIRING" : "RESOLVED";
        StringBuilder text = new StringBuilder()
                .append('[')
                .append(state)
                .append(' ')
                .append(alert.severity().name())
                .append("] ")
                .append(alert.rule())
                .append(": ")
                .append(alert.summary());
        if (!alert.labels().isEmpty()) {
            text.append(" (").append(labels(alert.labels())).append(')');
        }
        text.append(" since ").append(alert.startsAt());
        if (alert.endsAt() != null) {
            text.append(", resolved ").append(alert.endsAt());
        }
        return text.append(" [fingerprint ")
                .append(alert.fingerprint())
                .append(']')
                .toString();
    }

    private static String labels(Map<String, String> labels) {
        return new TreeMap<>(labels)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
