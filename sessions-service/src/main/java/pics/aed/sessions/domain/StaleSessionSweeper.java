package pics.aed.sessions.domain;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;
import pics.aed.platform.jobs.ClusterSingleton;
import pics.aed.sessions.config.SessionsConfig;
import pics.aed.sessions.store.SessionStore;

/**
 * Cancels open sessions idle for longer than their limit (reason {@code stale}): active ones after
 * {@code aedpics.sessions.stale-after}, paused ones after {@code aedpics.sessions.paused-stale-after} (a pause is
 * deliberate). Their assignments are released, so an abandoned phone never blocks a device. Runs on one replica at a time; each session is
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
    private final SessionStore.IdleLimits limits;

    public StaleSessionSweeper(
            Pool pool,
            SessionStore sessions,
            SessionCanceller canceller,
            ClusterSingleton cluster,
            SessionsConfig config) {
        this.pool = pool;
        this.sessions = sessions;
        this.canceller = canceller;
        this.cluster = cluster;
        this.limits = new SessionStore.IdleLimits(config.staleAfter(), config.pausedStaleAfter());
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
        return sessions.idleOpenSessions(pool, limits, BATCH)
                .onItem()
                .transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem()
                .transformToUniAndConcatenate(
                        id -> pool.withTransaction(tx -> canceller.cancelIfStillIdle(tx, id, limits)))
                .filter(Boolean::booleanValue)
                .collect()
                .asList()
                .map(List::size)
                .invoke(this::log);
    }

    private void log(int cancelled) {
        if (cancelled > 0) {
            LOG.infof(
                    "cancelled %d sessions idle for more than %s (active) or %s (paused)",
                    cancelled, limits.active(), limits.paused());
        }
    }
}
