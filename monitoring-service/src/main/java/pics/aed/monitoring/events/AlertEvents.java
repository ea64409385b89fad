package pics.aed.monitoring.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.events.alerts.AlertChanged;
import pics.aed.monitoring.config.MonitoringSettings;
import pics.aed.monitoring.domain.Alert;
import pics.aed.monitoring.domain.WebhookMessage;
import pics.aed.monitoring.store.DeliveryStore;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.outbox.OutboxEvent;

/**
 * Announces an alert transition in the transaction that makes it: its event on {@code monitoring.alerts.v1} (through
 * the outbox) and its webhook message (through the webhook's own outbox), so that both exist exactly when the
 * transition does.
 */
@Singleton
public class AlertEvents {

    private final Outbox outbox;
    private final DeliveryStore deliveries;
    private final ObjectMapper json;
    private final boolean webhookConfigured;

    public AlertEvents(Outbox outbox, DeliveryStore deliveries, ObjectMapper json, MonitoringSettings settings) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.json = json;
        this.webhookConfigured = settings.webhookUrl().isPresent();
    }

    public Uni<Void> announce(SqlClient tx, Alert alert) {
        AlertChanged data = new AlertChanged(
                alert.id().toString(),
                alert.rule(),
                alert.fingerprint(),
                alert.severity().name(),
                alert.status().name(),
                alert.summary(),
                alert.labels(),
                alert.startsAt(),
                alert.endsAt());
        String type = alert.status() == Alert.AlertStatus.firing ? EventTypes.ALERT_FIRING : EventTypes.ALERT_RESOLVED;
        Uni<String> event =
                outbox.append(tx, new OutboxEvent(Topics.ALERTS, alert.fingerprint(), type, alert.fingerprint(), data));
        return event.flatMap(id -> webhookMessage(alert)
                .map(payload ->
                        deliveries.enqueue(tx, alert.id(), alert.status().name(), payload))
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    private Optional<String> webhookMessage(Alert alert) {
        if (!webhookConfigured) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.writeValueAsString(Map.of("text", WebhookMessage.textOf(alert))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always serialisable", e);
        }
    }
}
