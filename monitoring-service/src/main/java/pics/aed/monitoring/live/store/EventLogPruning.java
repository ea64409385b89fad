package pics.aed.monitoring.live.store;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;
import pics.aed.monitoring.live.config.LiveStreamConfig;
import pics.aed.platform.jobs.ClusterSingleton;

/**
 * Keeps the event log bounded: deletes entries older than the retention, once cluster-wide per run. The contract
 * promises at least 24 h of resumable history, so a shorter retention refuses to start.
 */
@Singleton
public class EventLogPruning {

    static final Duration MINIMUM_RETENTION = Duration.ofHours(24);
    private static final Logger LOG = Logger.getLogger(EventLogPruning.class);

    private final EventLogStore log;
    private final ClusterSingleton cluster;
    private final LiveStreamConfig config;

    public EventLogPruning(EventLogStore log, ClusterSingleton cluster, LiveStreamConfig config) {
        this.log = log;
        this.cluster = cluster;
        this.config = config;
    }

    void refuseShortRetention(@Observes StartupEvent event) {
        if (config.retention().compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalStateException("aedpics.monitoring.live.retention is " + config.retention()
                    + "; clients may resume from any position of the last 24 h, so it must be at least PT24H.");
        }
    }

    @Scheduled(
            identity = "aedpics-live-event-log-pruning",
            every = "${aedpics.monitoring.live.prune-every:10m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return cluster.runExclusively("live-event-log-pruning", this::pruneNow).replaceWithVoid();
    }

    /** One pass, whatever the schedule says; public for operators' tooling and tests. */
    public Uni<Void> pruneNow() {
        return log.prune(config.retention())
                .invoke(pruned -> LOG.infof(
                        "event log: %d entries past %s pruned; positions up to %d are gone",
                        pruned.deleted(), config.retention(), pruned.prunedThrough()))
                .replaceWithVoid();
    }
}
