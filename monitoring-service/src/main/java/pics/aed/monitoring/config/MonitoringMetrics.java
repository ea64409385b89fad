package pics.aed.monitoring.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import pics.aed.monitoring.domain.AlertRule;

/**
 * The service's own figures (Prometheus): {@code aedpics_alerts_firing{rule}}, {@code
 * aedpics_monitoring_audit_seconds{audit}}, {@code aedpics_monitoring_audit_answers_total{audit, basis}}, {@code
 * aedpics_monitoring_evaluation_seconds}, {@code
 * aedpics_monitoring_webhook_delivery_failures_total} and {@code aedpics_monitoring_webhook_deliveries_pending}.
 */
@Singleton
public class MonitoringMetrics {

    private final MeterRegistry registry;
    private final Map<AlertRule, AtomicLong> firing = new EnumMap<>(AlertRule.class);
    private final AtomicLong pendingDeliveries = new AtomicLong();
    private final Counter deliveryFailures;
    private final Counter deliveries;
    private final Timer evaluation;

    public MonitoringMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (AlertRule rule : AlertRule.values()) {
            AtomicLong count = new AtomicLong();
            firing.put(rule, count);
            Gauge.builder("aedpics.alerts.firing", count, AtomicLong::get)
                    .tag("rule", rule.wireName())
                    .description("Alerts firing now, by rule")
                    .register(registry);
        }
        Gauge.builder("aedpics.monitoring.webhook.deliveries.pending", pendingDeliveries, AtomicLong::get)
                .description("Alert messages not yet accepted by the webhook")
                .register(registry);
        deliveryFailures = Counter.builder("aedpics.monitoring.webhook.delivery.failures")
                .description("Webhook posts that failed (each is retried with backoff)")
                .register(registry);
        deliveries = Counter.builder("aedpics.monitoring.webhook.deliveries")
                .description("Alert messages the webhook accepted")
                .register(registry);
        evaluation = Timer.builder("aedpics.monitoring.evaluation")
                .description("One evaluation of every alert rule, audits included")
                .register(registry);
    }

    /** Times one audit query ({@code aedpics_monitoring_audit_seconds{audit=…}}), failed or not. */
    public <T> Uni<T> timedAudit(String audit, Uni<T> query) {
        return timed(tagged("aedpics.monitoring.audit", "audit", audit, "Duration of one audit query"), query);
    }

    /**
     * Counts how an audit answered ({@code aedpics_monitoring_audit_answers_total{audit, basis=constraint|scan}}): a
     * rising {@code scan} count for duplicate-schedules means invariant 2 is not in force in the database.
     */
    public void auditAnswered(String audit, String basis) {
        Counter.builder("aedpics.monitoring.audit.answers")
                .tag("audit", audit)
                .tag("basis", basis)
                .description("Audit answers, by how the audit knew: from the constraints or from a scan")
                .register(registry)
                .increment();
    }

    public <T> Uni<T> timedEvaluation(Uni<T> work) {
        return timed(evaluation, work);
    }

    /**
     * Times one phase of an evaluation ({@code aedpics_monitoring_evaluation_phase_seconds{phase=observe|apply}}): the
     * audits all at once, then the alert transitions, so that a slow evaluation says which half is slow.
     */
    public <T> Uni<T> timedPhase(String phase, Uni<T> work) {
        return timed(
                tagged(
                        "aedpics.monitoring.evaluation.phase",
                        "phase",
                        phase,
                        "One phase of an evaluation: observe (every audit) or apply (alert transitions)"),
                work);
    }

    private Timer tagged(String name, String tag, String value, String description) {
        return Timer.builder(name).tag(tag, value).description(description).register(registry);
    }

    public void firing(Map<AlertRule, Long> countsByRule) {
        firing.forEach((rule, gauge) -> gauge.set(countsByRule.getOrDefault(rule, 0L)));
    }

    public void pendingDeliveries(long count) {
        pendingDeliveries.set(count);
    }

    public void deliveryFailed() {
        deliveryFailures.increment();
    }

    public void delivered() {
        deliveries.increment();
    }

    private static <T> Uni<T> timed(Timer timer, Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start();
            return work.onTermination().invoke(() -> sample.stop(timer));
        });
    }
}
