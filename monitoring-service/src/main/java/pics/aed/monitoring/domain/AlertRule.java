package pics.aed.monitoring.domain;

import java.util.Arrays;
import java.util.Optional;

/** The alert rules of the HTTP contract "Alerts", with how urgent each is. */
public enum AlertRule {
    /** Several consecutive sync runs failed or were aborted: the registry is going stale. */
    SYNC_FAILING("sync-failing", Severity.critical),
    /** A sync run has been running for too long: stuck, or holding the registry's run lock. */
    SYNC_TOO_LONG("sync-too-long", Severity.warning),
    /** The latest sync run was aborted by a guard: the feed looked wrong and someone should see why. */
    SYNC_ABORTED("sync-aborted", Severity.warning),
    /** A device has more than one open session: invariant 1 is broken. */
    DUPLICATE_OPEN_SESSIONS("duplicate-open-sessions", Severity.critical),
    /** Non-cancelled schedules of one device less than 30 minutes apart: invariant 2 is broken. */
    DUPLICATE_SCHEDULES("duplicate-schedules", Severity.critical),
    /** A consistency check found rows that disagree across services (one alert per check). */
    CONSISTENCY_DRIFT("consistency-drift", Severity.warning),
    /** A service's outbox holds an event unpublished for too long: Kafka or the relay is stuck (one per service). */
    OUTBOX_BACKLOG("outbox-backlog", Severity.critical),
    /** Active devices with an expired battery or pads in a gugun (one alert per gugun). */
    DEVICE_READINESS("device-readiness", Severity.critical);

    private final String wireName;
    private final Severity severity;

    AlertRule(String wireName, Severity severity) {
        this.wireName = wireName;
        this.severity = severity;
    }

    public String wireName() {
        return wireName;
    }

    public Severity severity() {
        return severity;
    }

    public static Optional<AlertRule> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(rule -> rule.wireName.equals(name))
                .findFirst();
    }
}
