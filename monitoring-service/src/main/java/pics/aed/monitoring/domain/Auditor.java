package pics.aed.monitoring.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import pics.aed.monitoring.config.MonitoringMetrics;
import pics.aed.monitoring.config.MonitoringSettings;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSchedules;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSessions;
import pics.aed.monitoring.domain.Observations.ConsistencyCheck;
import pics.aed.monitoring.store.AlertStore;
import pics.aed.monitoring.store.AuditStore;
import pics.aed.monitoring.store.AuditStore.OutboxWaiting;

/** The integrity audits of the HTTP contract "Audits", each timed ({@code aedpics_monitoring_audit_seconds}). */
@Singleton
public class Auditor {

    /** An outbox event older than this counts as unpublished in the consistency audit (the HTTP contract: 1 min). */
    static final Duration UNPUBLISHED_AFTER = Duration.ofMinutes(1);

    private final AuditStore audits;
    private final AlertStore alerts;
    private final Pool pool;
    private final MonitoringMetrics metrics;
    private final Duration driftGrace;

    public Auditor(
            AuditStore audits, AlertStore alerts, Pool pool, MonitoringMetrics metrics, MonitoringSettings settings) {
        this.audits = audits;
        this.alerts = alerts;
        this.pool = pool;
        this.metrics = metrics;
        this.driftGrace = settings.driftGrace();
    }

    public Uni<List<DuplicateSessions>> duplicateSessions() {
        return metrics.timedAudit("duplicate-sessions", audits.duplicateSessions());
    }

    public Uni<List<DuplicateSchedules>> duplicateSchedules() {
        return metrics.timedAudit("duplicate-schedules", audits.duplicateSchedules());
    }

    /** Every service's outbox (monitoring-service's own included), with what waits longer than a minute. */
    public Uni<List<OutboxWaiting>> outboxes() {
        Uni<List<OutboxWaiting>> others = audits.outboxes(UNPUBLISHED_AFTER);
        Uni<OutboxWaiting> own = alerts.ownOutbox(pool, UNPUBLISHED_AFTER);
        return metrics.timedAudit(
                "outboxes", Uni.combine().all().unis(others, own).with((servicesWaiting, ownWaiting) -> {
                    List<OutboxWaiting> all = new ArrayList<>(servicesWaiting);
                    if (ownWaiting.pending() > 0) {
                        all.add(ownWaiting);
                    }
                    return List.copyOf(all);
                }));
    }

    /** The checks of {@code GET /api/monitoring/consistency}, in a fixed order. */
    public Uni<List<ConsistencyCheck>> consistency() {
        return consistency(outboxes());
    }

    /** The same, reusing an outbox audit already under way. */
    public Uni<List<ConsistencyCheck>> consistency(Uni<List<OutboxWaiting>> outboxes) {
        return Uni.combine()
                .all()
                .unis(
                        metrics.timedAudit(
                                "completed-session-assignment-not-completed",
                                audits.completedSessionsWithOpenAssignment()),
                        metrics.timedAudit(
                                "in-progress-assignment-without-open-session",
                                audits.inProgressAssignmentsWithoutOpenSession()),
                        metrics.timedAudit(
                                "schedule-status-disagrees-with-session", audits.scheduleStatusDrift(driftGrace)),
                        metrics.timedAudit("open-session-on-unknown-device", audits.openSessionsOnUnknownDevices()),
                        outboxes.map(Auditor::unpublishedEvents))
                .with(ConsistencyCheck.class, List::copyOf);
    }

    private static ConsistencyCheck unpublishedEvents(List<OutboxWaiting> outboxes) {
        long count = outboxes.stream().mapToLong(OutboxWaiting::stale).sum();
        List<String> examples = outboxes.stream()
                .flatMap(waiting -> waiting.staleExamples().stream().map(id -> waiting.service() + ":" + id))
                .limit(5)
                .toList();
        return new ConsistencyCheck("outbox-event-unpublished", count, examples);
    }
}
