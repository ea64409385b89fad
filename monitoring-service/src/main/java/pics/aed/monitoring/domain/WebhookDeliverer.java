package pics.aed.monitoring.domain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import pics.aed.monitoring.config.MonitoringMetrics;
import pics.aed.monitoring.config.MonitoringSettings;
import pics.aed.monitoring.store.DeliveryStore;
import pics.aed.monitoring.store.DeliveryStore.Delivery;
import pics.aed.platform.jobs.ClusterSingleton;

/**
 * Posts the webhook's waiting messages, oldest first, on one replica at a time. A message the webhook does not accept
 * (no answer, a non-2xx status) stays where it is and is tried again after a growing wait ({@link Backoff}); the rest of
 * the batch waits behind it, so messages arrive in the order their transitions happened. Evaluation only writes rows:
 * a webhook that is down delays messages and never holds up an evaluation or loses a message.
 */
@Singleton
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    private static final int BATCH = 50;
    private static final int MAX_ERROR_LENGTH = 500;

    private final Pool pool;
    private final DeliveryStore deliveries;
    private final ClusterSingleton cluster;
    private final MonitoringMetrics metrics;
    private final Optional<URI> webhook;
    private final Duration timeout;
    private final Duration retention;
    private final Backoff backoff;
    private final HttpClient http;

    public WebhookDeliverer(
            Pool pool,
            DeliveryStore deliveries,
            ClusterSingleton cluster,
            MonitoringMetrics metrics,
            MonitoringSettings settings) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.cluster = cluster;
        this.metrics = metrics;
        this.webhook = settings.webhookUrl();
        this.timeout = settings.webhook().timeout();
        this.retention = settings.webhook().retention();
        this.backoff = new Backoff(
                settings.webhook().initialBackoff(), settings.webhook().maxBackoff());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Scheduled(
            identity = "webhook-deliveries",
            every = "${aedpics.monitoring.webhook.deliver-every}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverOnSchedule() {
        if (webhook.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return cluster.runExclusively("webhook-deliveries", () -> deliverDue().replaceWithVoid())
                .onFailure()
                .invoke(failure -> LOG.error("webhook delivery round failed", failure))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** @return how many messages the webhook accepted in this round */
    public Uni<Integer> deliverDue() {
        return deliveries
                .due(pool, BATCH)
                .flatMap(due -> deliverInOrder(due, 0, 0))
                .call(delivered -> deliveries.pending(pool).invoke(metrics::pendingDeliveries))
                .call(delivered -> deliveries.forgetDelivered(pool, retention));
    }

    /** Posts {@code due[index]} and, once the webhook accepted it, the next; stops at the first refusal. */
    private Uni<Integer> deliverInOrder(List<Delivery> due, int index, int delivered) {
        if (index >= due.size()) {
            return Uni.createFrom().item(delivered);
        }
        Delivery delivery = due.get(index);
        return post(delivery.payload())
                .flatMap(refusal -> refusal.isEmpty()
                        ? markDelivered(delivery).flatMap(done -> deliverInOrder(due, index + 1, delivered + 1))
                        : markFailed(delivery, refusal.get()).replaceWith(delivered));
    }

    private Uni<Void> markDelivered(Delivery delivery) {
        metrics.delivered();
        return deliveries.delivered(pool, delivery.id());
    }

    private Uni<Void> markFailed(Delivery delivery, String error) {
        metrics.deliveryFailed();
        Duration wait = backoff.after(delivery.attempts() + 1);
        LOG.warnf(
                "webhook refused alert message %d (attempt %d): %s; next attempt in %s",
                delivery.id(), delivery.attempts() + 1, error, wait);
        return deliveries.failed(pool, delivery.id(), error, wait);
    }

    /** @return empty when the webhook accepted the message, else why not */
    private Uni<Optional<String>> post(String payload) {
        HttpRequest request = HttpRequest.newBuilder(webhook.orElseThrow())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        return Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> response.statusCode() / 100 == 2
                        ? Optional.<String>empty()
                        : Optional.of("HTTP " + response.statusCode() + ": " + abbreviated(response.body())))
                .onFailure()
                .recoverWithItem(
                        failure -> Optional.of(failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    private static String abbreviated(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}
