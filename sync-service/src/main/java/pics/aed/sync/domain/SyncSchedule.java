package pics.aed.sync.domain;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.sql.QueryParams;
import pics.aed.sync.config.SyncMetrics;
import pics.aed.sync.config.SyncSettings;
import pics.aed.sync.store.DeviceStore;
import pics.aed.sync.store.SyncRunStore;

/**
 * Scheduled runs (docs/sync.md: incremental daily 04:00, full Sunday 02:00, both Asia/Seoul, configurable), the
 * first full run of an empty registry when asked to, and the last-success gauge after a restart. Every replica fires
 * the schedule; the run lock lets exactly one of them run it, the others log that it is running elsewhere.
 */
@Singleton
public class SyncSchedule {

    private static final Logger LOG = Logger.getLogger(SyncSchedule.class);

    private final SyncRunner runner;
    private final DeviceStore devices;
    private final SyncRunStore runs;
    private final Pool pool;
    private final SyncMetrics metrics;
    private final boolean fullSyncOnEmptyRegistry;

    public SyncSchedule(
            SyncRunner runner,
            DeviceStore devices,
            SyncRunStore runs,
            Pool pool,
            SyncMetrics metrics,
            SyncSettings settings) {
        this.runner = runner;
        this.devices = devices;
        this.runs = runs;
        this.pool = pool;
        this.metrics = metrics;
        this.fullSyncOnEmptyRegistry = settings.fullSyncOnEmptyRegistry();
    }

    @Scheduled(
            identity = "registry-sync-incremental",
            cron = "${aedpics.sync.schedule.incremental}",
            timeZone = "Asia/Seoul",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> incremental() {
        return scheduled(SyncRun.Mode.incremental);
    }

    @Scheduled(
            identity = "registry-sync-full",
            cron = "${aedpics.sync.schedule.full}",
            timeZone = "Asia/Seoul",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> full() {
        return scheduled(SyncRun.Mode.full);
    }

    /**
     * The last-success gauges, from the database: every replica reports the same, whichever ran the sync, and a
     * restart loses nothing.
     */
    @Scheduled(
            identity = "registry-sync-metrics",
            every = "${aedpics.sync.metrics-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshMetrics() {
        return runs.lastSuccessByMode(pool)
                .invoke(metrics::lastSuccess)
                .onFailure()
                .invoke(e -> LOG.warnf("could not read the last successful sync runs: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Data.go.kr's quota resets at midnight in Korea; a run that hit it today makes the schedule wait for that. */
    private Uni<Void> scheduled(SyncRun.Mode mode) {
        OffsetDateTime midnightInKorea =
                LocalDate.now(QueryParams.KOREA).atStartOfDay(QueryParams.KOREA).toOffsetDateTime();
        return runs.quotaUsedUpSince(pool, midnightInKorea).flatMap(usedUp -> {
            if (usedUp) {
                LOG.warnf(
                        "scheduled %s sync run skipped: data.go.kr's daily quota was used up today; it resets at"
                                + " midnight KST",
                        mode);
                return Uni.createFrom().voidItem();
            }
            return start(mode);
        });
    }

    private Uni<Void> start(SyncRun.Mode mode) {
        return runner.startFeedRun(mode, SyncRun.Trigger.schedule)
                .invoke(run -> LOG.infof("scheduled %s sync run %s started", mode, run.id()))
                .onFailure(ProblemException.class)
                .invoke(e -> LOG.infof("scheduled %s sync run not started: %s", mode, e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    void onStart(@Observes StartupEvent event) {
        refreshMetrics().subscribe().with(x -> {});
        if (!fullSyncOnEmptyRegistry) {
            return;
        }
        devices.count(pool)
                .flatMap(count -> {
                    if (count > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.info(
                            "the registry is empty: starting a full sync run (aedpics.sync.full-sync-on-empty-registry)");
                    return start(SyncRun.Mode.full);
                })
                .subscribe()
                .with(x -> {}, failure -> LOG.errorf(failure, "could not start the first full sync run"));
    }
}
