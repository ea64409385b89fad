package pics.aed.sessions.domain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import pics.aed.platform.jobs.ClusterSingleton;
import pics.aed.sessions.store.SessionStore;

/**
 * Cancels open sessions idle for longer than {@code aedpics.sessions.stale-after} (reason {@code stale}) and restores
 * their assignments, so an abandoned phone never blocks a device. Runs on one replica at a time; each session is
 * cancelled in its own transaction, re-checked under its row lock (an inspector may have come back meanwhile).
 */
@Singleton
public class StaleSessionSweeper {

    private static final Logger LOG = Logger.getLogger(StaleSessionSweeper.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final SessionStore sessions;
    private final SessionCanceller canceller;
    private final ClusterSingleton cluster;
    private final Duration staleAfter;

    public StaleSessionSweeper(
            Pool pool,
            SessionStore sessions,
            SessionCanceller canceller,
            ClusterSingleton cluster,
            @ConfigProperty(name = "aedpics.sessions.stale-after") Duration staleAfter) {
        this.pool = pool;
        this.sessions = sessions;
        this.canceller = canceller;
        this.cluster = cluster;
        this.staleAfter = staleAfter;
    }

    @Scheduled(
            identity = "stale-sessions",
            every = "${aedpics.sessions.stale-sweep-every}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return cluster.runExclusively("stale-sessions", () -> sweepNow().replaceWithVoid())
                .replaceWithVoid();
    }

    /** @return how many sessions were cancelled */
    public Uni<Integer> sweepNow() {
        long idleSeconds = staleAfter.toSeconds();
        return sessions.idleOpenSessions(pool, idleSeconds, BATCH)
                .onItem()
                .transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem()
                .transformToUniAndConcatenate(
                        id -> pool.withTransaction(tx -> canceller.cancelIfStillIdle(tx, id, idleSeconds)))
                .filter(Boolean::booleanValue)
                .collect()
                .asList()
                .map(cancelled -> cancelled.size())
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("cancelled %d sessions idle for more than %s", count, staleAfter);
                    }
                });
    }
}
