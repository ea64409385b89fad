package pics.aed.monitoring.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import pics.aed.monitoring.config.MonitoringMetrics;
import pics.aed.monitoring.config.MonitoringSettings;
import pics.aed.monitoring.domain.AuditFindings.Basis;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSessions;
import pics.aed.monitoring.domain.AuditFindings.ScheduleOverlaps;
import pics.aed.monitoring.domain.Observations.ConsistencyCheck;
import pics.aed.monitoring.store.AlertStore;
import pics.aed.monitoring.store.AuditStore;
import pics.aed.monitoring.store.AuditStore.OutboxWaiting;

/** The integrity audits of the HTTP contract "Audits", each timed ({@code aedpics_monitoring_audit_seconds}). */
@Singleton
public class Auditor {

    private static final Logger LOG = Logger.getLogger(Auditor.class);

    /** An outbox event older than this counts as unpublished in the consistency audit (the HTTP contract: 1 min). */
    static final Duration UNPUBLISHED_AFTER = Duration.ofMinutes(1);

    private final AuditStore audits;
    private final AlertStore alerts;
    private final Pool pool;
    private final MonitoringMetrics metrics;
    private final Duration driftGrace;
    /** How duplicate-schedules answered last, so that a change is logged once rather than every minute. */
    private final AtomicReference<Basis> overlapsBasis = new AtomicReference<>();

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

    /**
     * Schedules of a device less than 30 minutes apart (decision 0013): answered from the catalog while the database
     * enforces invariant 2 (it then holds nothing to find), scanned when it does not, which is when the audit matters.
     */
    public Uni<ScheduleOverlaps> duplicateSchedules() {
        Uni<ScheduleOverlaps> answer = audits.scheduleOverlapsExcluded()
                .flatMap(excluded -> excluded
                        ? Uni.createFrom().item(ScheduleOverlaps.excludedByConstraint())
                        : audits.duplicateSchedules().map(ScheduleOverlaps::scanned));
        return metrics.timedAudit("duplicate-schedules", answer).invoke(this::noteBasis);
    }

    private void noteBasis(ScheduleOverlaps answer) {
        metrics.auditAnswered("duplicate-schedules", answer.basis().wireName());
        Basis before = overlapsBasis.getAndSet(answer.basis());
        if (before == answer.basis()) {
            return;
        }
        if (answer.basis() == Basis.SCAN) {
            LOG.warnf(
                    "invariant 2 is not enforced by the database (scheduling.schedules lacks a valid"
                            + " schedules_no_overlap or schedules_slot_is_window as schedules-service defines them):"
                            + " duplicate-schedules scans every non-cancelled schedule (found %d devices)",
                    answer.found().size());
        } else {
            LOG.infof("invariant 2 is enforced by the database: duplicate-schedules answers from the catalog");
        }
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
