package pics.aed.monitoring.domain;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What one evaluation saw in the database. Each part is empty when its query failed, so that the rules depending on it
 * are skipped (their alerts left as they are) instead of resolved.
 */
public record Observations(
        OffsetDateTime at,
        Optional<SyncHealth> syncHealth,
        Optional<Integer> duplicateOpenSessions,
        Optional<Integer> duplicateSchedules,
        Optional<List<ConsistencyCheck>> consistencyChecks,
        Optional<List<OutboxLag>> outboxLags,
        Optional<List<ExpiredInRegion>> expiredByRegion) {

    /** A sync run as the health figures need it. */
    public record SyncRun(
            String id, String mode, String status, OffsetDateTime startedAt, OffsetDateTime finishedAt, String error) {}

    /**
     * @param lastFinished the latest run that is no longer running, or null
     * @param running      the run in progress, or null
     */
    public record SyncHealth(
            OffsetDateTime lastSucceededAt,
            OffsetDateTime lastFailedAt,
            long consecutiveFailures,
            SyncRun lastFinished,
            SyncRun running) {}

    /** One consistency check: how many rows disagree, and a few of them. */
    public record ConsistencyCheck(String name, long count, List<String> examples) {}

    /** A service's outbox: how many events wait and how old the oldest is. */
    public record OutboxLag(String service, long pending, Duration oldest) {}

    /** Active devices with an expired battery or pads in one gugun. */
    public record ExpiredInRegion(String sido, String gugun, long batteryExpired, long padExpired) {}
}
