package pics.aed.monitoring.domain;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pics.aed.monitoring.domain.Observations.SyncHealth;

/** The rules of the HTTP contract "Alerts": from what the database shows to the conditions that hold. */
public final class AlertConditions {

    private final int syncFailuresBeforeAlert;
    private final Duration syncTooLongAfter;
    private final Duration outboxBacklogAfter;

    public AlertConditions(int syncFailuresBeforeAlert, Duration syncTooLongAfter, Duration outboxBacklogAfter) {
        this.syncFailuresBeforeAlert = syncFailuresBeforeAlert;
        this.syncTooLongAfter = syncTooLongAfter;
        this.outboxBacklogAfter = outboxBacklogAfter;
    }

    /** Every rule whose observations are there, with the conditions that hold (possibly none). */
    public Map<AlertRule, List<Condition>> holding(Observations seen) {
        Map<AlertRule, List<Condition>> holding = new EnumMap<>(AlertRule.class);
        seen.syncHealth().ifPresent(health -> {
            holding.put(AlertRule.SYNC_FAILING, syncFailing(health));
            holding.put(AlertRule.SYNC_TOO_LONG, syncTooLong(health, seen.at()));
            holding.put(AlertRule.SYNC_ABORTED, syncAborted(health));
        });
        seen.duplicateOpenSessions()
                .ifPresent(count -> holding.put(
                        AlertRule.DUPLICATE_OPEN_SESSIONS,
                        whenPositive(
                                AlertRule.DUPLICATE_OPEN_SESSIONS,
                                count,
                                count + " device(s) have more than one open session")));
        seen.duplicateSchedules()
                .ifPresent(count -> holding.put(
                        AlertRule.DUPLICATE_SCHEDULES,
                        whenPositive(
                                AlertRule.DUPLICATE_SCHEDULES,
                                count,
                                count + " device(s) have schedules less than 30 minutes apart")));
        seen.consistencyChecks().ifPresent(checks -> holding.put(AlertRule.CONSISTENCY_DRIFT, drift(checks)));
        seen.outboxLags().ifPresent(lags -> holding.put(AlertRule.OUTBOX_BACKLOG, backlog(lags)));
        seen.expiredByRegion().ifPresent(regions -> holding.put(AlertRule.DEVICE_READINESS, readiness(regions)));
        return holding;
    }

    private List<Condition> syncFailing(SyncHealth health) {
        if (health.consecutiveFailures() < syncFailuresBeforeAlert) {
            return List.of();
        }
        String lastError = Optional.ofNullable(health.lastFinished())
                .map(Observations.SyncRun::error)
                .map(error -> "; last error: " + error)
                .orElse("");
        return List.of(Condition.of(
                AlertRule.SYNC_FAILING,
                health.consecutiveFailures() + " consecutive registry sync runs failed or were aborted" + lastError));
    }

    private List<Condition> syncTooLong(SyncHealth health, OffsetDateTime now) {
        Observations.SyncRun running = health.running();
        if (running == null || !running.startedAt().plus(syncTooLongAfter).isBefore(now)) {
            return List.of();
        }
        return List.of(new Condition(
                AlertRule.SYNC_TOO_LONG,
                Map.of("runId", running.id()),
                "Registry sync run " + running.id() + " (" + running.mode() + ") has been running since "
                        + running.startedAt()));
    }

    private static List<Condition> syncAborted(SyncHealth health) {
        Observations.SyncRun last = health.lastFinished();
        if (last == null || !"aborted".equals(last.status())) {
            return List.of();
        }
        return List.of(Condition.of(
                AlertRule.SYNC_ABORTED,
                "The latest registry sync run " + last.id() + " was aborted by a guard: " + last.error()));
    }

    private static List<Condition> whenPositive(AlertRule rule, int count, String summary) {
        return count > 0 ? List.of(Condition.of(rule, summary)) : List.of();
    }

    private static List<Condition> drift(List<Observations.ConsistencyCheck> checks) {
        List<Condition> conditions = new ArrayList<>();
        for (Observations.ConsistencyCheck check : checks) {
            if (check.count() > 0) {
                conditions.add(new Condition(
                        AlertRule.CONSISTENCY_DRIFT,
                        Map.of("check", check.name()),
                        "Consistency check " + check.name() + " found " + check.count() + " row(s), e.g. "
                                + String.join(", ", check.examples())));
            }
        }
        return conditions;
    }

    private List<Condition> backlog(List<Observations.OutboxLag> lags) {
        List<Condition> conditions = new ArrayList<>();
        for (Observations.OutboxLag lag : lags) {
            if (lag.pending() > 0 && lag.oldest().compareTo(outboxBacklogAfter) > 0) {
                conditions.add(new Condition(
                        AlertRule.OUTBOX_BACKLOG,
                        Map.of("service", lag.service()),
                        lag.service() + " has " + lag.pending() + " unpublished event(s), the oldest "
                                + lag.oldest().toMinutes() + " min old"));
            }
        }
        return conditions;
    }

    private static List<Condition> readiness(List<Observations.ExpiredInRegion> regions) {
        List<Condition> conditions = new ArrayList<>();
        for (Observations.ExpiredInRegion region : regions) {
            if (region.batteryExpired() > 0 || region.padExpired() > 0) {
                conditions.add(new Condition(
                        AlertRule.DEVICE_READINESS,
                        Map.of("sido", region.sido(), "gugun", region.gugun()),
                        region.sido() + " " + region.gugun() + ": " + region.batteryExpired()
                                + " device(s) with an expired battery, " + region.padExpired()
                                + " with expired pads"));
            }
        }
        return conditions;
    }
}
