package pics.aed.schedules.domain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import pics.aed.platform.jobs.ClusterSingleton;
import pics.aed.platform.outbox.Outbox;
import pics.aed.schedules.config.SchedulesConfig;
import pics.aed.schedules.config.SchedulesMetrics;
import pics.aed.schedules.events.ScheduleEvents;
import pics.aed.schedules.store.ScheduleStore;

/**
 * Marks schedules still {@code scheduled} after their due time as {@code missed}, each with its event. Runs on one
 * replica at a time (ClusterSingleton); each batch is one transaction, and rows another transaction holds are left
 * for the next run.
 */
@Singleton
public class MissedScheduleJob {

    private static final Logger LOG = Logger.getLogger(MissedScheduleJob.class);
    static final String JOB = "missed-schedules";

    private final Pool pool;
    private final ScheduleStore schedules;
    private final Outbox outbox;
    private final ClusterSingleton cluster;
    private final SchedulesMetrics metrics;
    private final int batchSize;

    public MissedScheduleJob(
            Pool pool,
            ScheduleStore schedules,
            Outbox outbox,
            ClusterSingleton cluster,
            SchedulesMetrics metrics,
            SchedulesConfig config) {
        this.pool = pool;
        this.schedules = schedules;
        this.outbox = outbox;
        this.cluster = cluster;
        this.metrics = metrics;
        this.batchSize = config.missedBatchSize();
    }

    @Scheduled(
            identity = JOB,
            every = "${aedpics.schedules.missed-sweep-every:1m}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return cluster.runExclusively(JOB, () -> markAllMissed().replaceWithVoid())
                .replaceWithVoid();
    }

    /** @return how many schedules became missed */
    public Uni<Integer> markAllMissed() {
        return markBatch()
                .flatMap(marked -> marked < batchSize
                        ? Uni.createFrom().item(marked)
                        : markAllMissed().map(more -> marked + more));
    }

    private Uni<Integer> markBatch() {
        return pool.withTransaction(tx -> schedules
                        .markMissed(tx, batchSize)
                        .call(missed -> outbox.appendAll(tx, ScheduleEvents.missed(missed, JOB))))
                .map(missed -> missed.size())
                .invoke(count -> {
                    if (count > 0) {
                        metrics.missed(count);
                        LOG.infof("%d overdue schedules marked missed", count);
                    }
                });
    }
}
