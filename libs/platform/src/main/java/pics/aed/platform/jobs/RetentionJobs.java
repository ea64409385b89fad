package pics.aed.platform.jobs;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;
import pics.aed.platform.config.ProcessedEventsSettings;

/**
 * Deletes what the shared mechanisms no longer need: idempotency keys past their 24 h, and processed-event ids older
 * than any redelivery (consumers of compacted topics apply snapshots idempotently by content anyway).
 */
@Singleton
public class RetentionJobs {

    private static final Logger LOG = Logger.getLogger(RetentionJobs.class);

    private final Pool pool;
    private final ClusterSingleton cluster;
    private final Duration processedEventsRetention;

    public RetentionJobs(Pool pool, ClusterSingleton cluster, ProcessedEventsSettings processedEvents) {
        this.pool = pool;
        this.cluster = cluster;
        this.processedEventsRetention = processedEvents.retention();
    }

    @Scheduled(
            identity = "aedpics-retention",
            every = "${aedpics.idempotency.cleanup-every}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return cluster.runExclusively("retention", this::purgeNow).replaceWithVoid();
    }

    /** One pass, whatever the schedule says; public for operators' tooling and tests. */
    public Uni<Void> purgeNow() {
        return pool.query("DELETE FROM idempotency_keys WHERE expires_at < now()")
                .execute()
                .flatMap(keys -> pool.preparedQuery(
                                "DELETE FROM processed_events WHERE processed_at < now() - make_interval(secs => $1)")
                        .execute(Tuple.of((double) processedEventsRetention.toSeconds()))
                        .invoke(events -> LOG.infof(
                                "retention: %d expired idempotency keys, %d old processed-event ids deleted",
                                keys.rowCount(), events.rowCount())))
                .replaceWithVoid();
    }
}
