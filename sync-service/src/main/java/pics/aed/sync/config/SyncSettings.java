package pics.aed.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Every operator setting of the registry sync (docs/sync.md lists them with their environment variables). Defaults
 * follow docs/sync.md and docs/architecture.md invariant 5.
 */
@ConfigMapping(prefix = "aedpics.sync")
public interface SyncSettings {

    /** Consecutive missing feed runs after which a device becomes deletion_suspected. */
    @WithDefault("7")
    int missingRunsBeforeDeletionSuspected();

    /** Abort when more than this share of the registry would change or disappear. */
    @WithDefault("0.10")
    double maxChangeShare();

    /** Abort when the valid feed is smaller than this share of the active registry. */
    @WithDefault("0.90")
    double minFeedShare();

    /** Abort when a field is blanked (value in the registry, none in the feed) on more than this share. */
    @WithDefault("0.01")
    double maxBlankedShare();

    /** A page of at least this many items with no coordinates at all is corrupt: abort. */
    @WithDefault("10")
    int blankPageMinItems();

    /** Start a full run at startup when the registry holds no device (the local stack's first start). */
    @WithDefault("false")
    boolean fullSyncOnEmptyRegistry();

    /**
     * How long a completed inspection waits, per attempt, for a device row that a sync's apply transaction has
     * locked ({@code lock_timeout}); then it rolls back to its savepoint and tries again. The apply waits on nothing
     * but the database, so a few attempts outlast it.
     */
    @WithDefault("PT1S")
    Duration inspectionLockTimeout();

    /** Attempts of a completed inspection against a locked device before its event fails (and is redelivered). */
    @WithDefault("30")
    int inspectionLockAttempts();

    /** How often the last-success gauges are read from the database (a duration such as {@code 15s}). */
    @WithDefault("15s")
    String metricsRefresh();

    Schedule schedule();

    interface Schedule {
        /** Quartz-style cron, evaluated in Asia/Seoul; "off" disables. */
        @WithDefault("0 0 4 * * ?")
        String incremental();

        @WithDefault("0 0 2 ? * SUN")
        String full();
    }
}
