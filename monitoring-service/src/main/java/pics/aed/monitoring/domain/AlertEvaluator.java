package pics.aed.monitoring.domain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;
import pics.aed.monitoring.config.MonitoringMetrics;
import pics.aed.monitoring.config.MonitoringSettings;
import pics.aed.monitoring.events.AlertEvents;
import pics.aed.monitoring.store.AlertStore;
import pics.aed.monitoring.store.AuditStore;
import pics.aed.monitoring.store.AuditStore.OutboxWaiting;
import pics.aed.monitoring.store.ReadinessStore;
import pics.aed.platform.jobs.ClusterSingleton;

/**
 * Evaluates every alert rule: observes the database, works out which conditions hold ({@link AlertConditions}), and
 * applies the {@link EvaluationPlan}, each transition in its own transaction with its event and its webhook message.
 * Runs every {@code aedpics.monitoring.evaluate-every} on one replica at a time, and on {@code POST /api/cron/monitor}.
 * Two evaluations at once (the job and the cron call) still fire and resolve each condition once: the database decides
 * (a unique index on the firing fingerprint, a conditional resolve).
 */
@Singleton
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);

    private final Pool pool;
    private final Auditor auditor;
    private final AuditStore audits;
    private final AlertStore alerts;
    private final ReadinessStore readiness;
    private final AlertEvents events;
    private final ClusterSingleton cluster;
    private final MonitoringMetrics metrics;
    private final AlertConditions conditions;

    public AlertEvaluator(
            Pool pool,
            Auditor auditor,
            AuditStore audits,
            AlertStore alerts,
            ReadinessStore readiness,
            AlertEvents events,
            ClusterSingleton cluster,
            MonitoringMetrics metrics,
            MonitoringSettings settings) {
        this.pool = pool;
        this.auditor = auditor;
        this.audits = audits;
        this.alerts = alerts;
        this.readiness = readiness;
        this.events = events;
        this.cluster = cluster;
        this.metrics = metrics;
        this.conditions = new AlertConditions(
                settings.syncFailuresBeforeAlert(), settings.syncTooLongAfter(), settings.outboxBacklogAfter());
    }

    /** What one evaluation saw and changed ({@code POST /api/cron/monitor} answers with it). */
    public record Evaluation(
            OffsetDateTime evaluatedAt,
            List<String> rulesEvaluated,
            List<String> rulesFailed,
            List<Alert> fired,
            List<Alert> resolved,
            int firing) {}

    @Scheduled(
            identity = "alert-evaluation",
            every = "${aedpics.monitoring.evaluate-every}",
            delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> evaluateOnSchedule() {
        return cluster.runExclusively("alert-evaluation", () -> evaluate().replaceWithVoid())
                .onFailure()
                .invoke(failure -> LOG.error("alert evaluation failed", failure))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    public Uni<Evaluation> evaluate() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return metrics.timedEvaluation(metrics.timedPhase("observe", observe(now))
                .flatMap(seen -> metrics.timedPhase("apply", apply(seen, now))));
    }

    Uni<Observations> observe(OffsetDateTime now) {
        Uni<List<OutboxWaiting>> outboxes = auditor.outboxes().memoize().indefinitely();
        return Uni.combine()
                .all()
                .unis(
                        optional("sync-health", metrics.timedAudit("sync-health", audits.syncHealth())),
                        optional(
                                "duplicate-sessions",
                                auditor.duplicateSessions().map(List::size)),
                        optional(
                                "duplicate-schedules",
                                auditor.duplicateSchedules()
                                        .map(overlaps -> overlaps.found().size())),
                        optional("consistency", auditor.consistency(outboxes)),
                        optional(
                                "outboxes",
                                outboxes.map(all ->
                                        all.stream().map(OutboxWaiting::asLag).toList())),
                        optional(
                                "device-readiness",
                                metrics.timedAudit(
                                        "device-readiness",
                                        readiness.expiredByRegion(pool, LocalDate.now(ReadinessCriteria.KOREA)))))
                .with(parts -> new Observations(
                        now,
                        cast(parts.get(0)),
                        cast(parts.get(1)),
                        cast(parts.get(2)),
                        cast(parts.get(3)),
                        cast(parts.get(4)),
                        cast(parts.get(5))));
    }

    private Uni<Evaluation> apply(Observations seen, OffsetDateTime now) {
        Map<AlertRule, List<Condition>> holding = conditions.holding(seen);
        return alerts.firing(pool).flatMap(firing -> {
            EvaluationPlan plan = EvaluationPlan.of(holding, firing);
            Uni<List<Alert>> fired = each(plan.toFire(), condition -> fire(condition, now));
            Uni<List<Alert>> resolved = each(plan.toResolve(), alert -> resolve(alert, now));
            Uni<Void> refreshed = alerts.stillFiring(pool, summariesById(plan.stillFiring()), now);
            return Uni.combine()
                    .all()
                    .unis(fired, resolved, refreshed)
                    .asTuple()
                    .flatMap(changed -> finish(holding, changed.getItem1(), changed.getItem2(), now));
        });
    }

    private Uni<Evaluation> finish(
            Map<AlertRule, List<Condition>> holding, List<Alert> fired, List<Alert> resolved, OffsetDateTime now) {
        return alerts.firingByRule(pool).map(counts -> {
            metrics.firing(counts);
            Set<String> evaluated = new TreeSet<>();
            holding.keySet().forEach(rule -> evaluated.add(rule.wireName()));
            List<String> failed = new ArrayList<>();
            for (AlertRule rule : AlertRule.values()) {
                if (!holding.containsKey(rule)) {
                    failed.add(rule.wireName());
                }
            }
            int firing =
                    (int) counts.values().stream().mapToLong(Long::longValue).sum();
            if (!fired.isEmpty() || !resolved.isEmpty()) {
                LOG.infof("alerts: %d fired, %d resolved, %d firing", fired.size(), resolved.size(), firing);
            }
            return new Evaluation(now, List.copyOf(evaluated), List.copyOf(failed), fired, resolved, firing);
        });
    }

    private static Map<UUID, String> summariesById(Map<Alert, Condition> stillFiring) {
        Map<UUID, String> summaries = new LinkedHashMap<>();
        stillFiring.forEach((alert, condition) -> summaries.put(alert.id(), condition.summary()));
        return summaries;
    }

    /** Fires one condition with its event and message; empty when a concurrent evaluation fired it first. */
    private Uni<Optional<Alert>> fire(Condition condition, OffsetDateTime now) {
        return pool.withTransaction(tx -> alerts.fire(tx, condition, now)
                .call(fired -> fired.map(alert -> events.announce(tx, alert))
                        .orElse(Uni.createFrom().voidItem())));
    }

    /** Resolves one alert with its event and message; empty when a concurrent evaluation resolved it first. */
    private Uni<Optional<Alert>> resolve(Alert alert, OffsetDateTime now) {
        return pool.withTransaction(tx -> alerts.resolve(tx, alert.id(), now)
                .call(resolved -> resolved.map(done -> events.announce(tx, done))
                        .orElse(Uni.createFrom().voidItem())));
    }

    /** Applies {@code change} to each item in turn; a failed one is logged and left for the next evaluation. */
    private static <T> Uni<List<Alert>> each(List<T> items, Function<T, Uni<Optional<Alert>>> change) {
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUniAndConcatenate(item -> change.apply(item)
                        .onFailure()
                        .invoke(failure -> LOG.errorf(failure, "alert transition failed for %s", item))
                        .onFailure()
                        .recoverWithItem(Optional.empty()))
                .filter(Optional::isPresent)
                .map(Optional::get)
                .collect()
                .asList()
                .map(Collections::unmodifiableList);
    }

    /** A failed observation becomes empty (its rules are skipped this time), logged once per evaluation. */
    private static <T> Uni<Optional<T>> optional(String what, Uni<T> observation) {
        return observation
                .map(Optional::of)
                .onFailure()
                .invoke(failure -> LOG.errorf(failure, "audit %s failed; its alert rules are skipped", what))
                .onFailure()
                .recoverWithItem(Optional.empty());
    }

    @SuppressWarnings("unchecked")
    private static <T> Optional<T> cast(Object part) {
        return (Optional<T>) part;
    }
}
