package pics.aed.sync.domain;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
import pics.aed.platform.jobs.ClusterSingleton;
import pics.aed.platform.problem.Problem;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.Problems;
import pics.aed.sync.source.EgenClient;
import pics.aed.sync.source.FeedSource;
import pics.aed.sync.store.SyncRunStore;

/**
 * Starts runs, one at a time cluster-wide: the run holds the {@code registry-sync} advisory lock (a dedicated
 * connection, released if the replica dies) for its whole duration, and the partial unique index on running runs
 * backs it up. A start that finds the lock taken answers 409 {@code sync-in-progress} with the running run's id.
 * The caller gets the run as soon as it is recorded; the work continues on a worker thread.
 */
@Singleton
public class SyncRunner {

    private static final Logger LOG = Logger.getLogger(SyncRunner.class);
    static final String JOB = "registry-sync";

    private final ClusterSingleton singleton;
    private final Pool pool;
    private final SyncRunStore runs;
    private final SyncPipeline pipeline;
    private final EgenClient egen;

    public SyncRunner(
            ClusterSingleton singleton, Pool pool, SyncRunStore runs, SyncPipeline pipeline, EgenClient egen) {
        this.singleton = singleton;
        this.pool = pool;
        this.runs = runs;
        this.pipeline = pipeline;
        this.egen = egen;
    }

    /** A run of the Open API feed with every guard. */
    public Uni<SyncRun> startFeedRun(SyncRun.Mode mode, SyncRun.Trigger trigger) {
        return startFeedRun(mode, trigger, Set.of());
    }

    /** A run of the Open API feed; {@code overriddenGuards}: what a master lifted for this run only. */
    public Uni<SyncRun> startFeedRun(SyncRun.Mode mode, SyncRun.Trigger trigger, Set<Guard> overriddenGuards) {
        if (!egen.configured()) {
            return Uni.createFrom()
                    .failure(Problems.unavailable("The e-gen feed is not configured "
                            + "(aedpics.egen.base-url and aedpics.egen.service-key)."));
        }
        return start(mode, trigger, new FeedSource(egen), overriddenGuards);
    }

    /**
     * @return the recorded run (status running); fails with 409 sync-in-progress when a run is under way anywhere
     */
    public Uni<SyncRun> start(
            SyncRun.Mode mode, SyncRun.Trigger trigger, RecordSource source, Set<Guard> overriddenGuards) {
        CompletableFuture<Optional<SyncRun>> recorded = new CompletableFuture<>();
        UUID id = UUID.randomUUID();
        singleton
                .runExclusively(
                        JOB,
                        () -> runs.interruptOrphans(pool)
                                .invoke(orphans -> orphans.forEach(o -> LOG.warnf(
                                        "sync run %s was left running by a stopped replica;" + " marked failed",
                                        o.id())))
                                .flatMap(x -> runs.insertRunning(pool, id, mode, trigger, overriddenGuards))
                                .invoke(run -> recorded.complete(Optional.of(run)))
                                .flatMap(run -> Uni.createFrom()
                                        .item(() -> pipeline.executeBlocking(run, source))
                                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                                .replaceWithVoid())
                .subscribe()
                .with(
                        ran -> {
                            if (!ran) {
                                source.close();
                                recorded.complete(Optional.empty());
                            }
                        },
                        failure -> {
                            source.close();
                            if (!recorded.completeExceptionally(failure)) {
                                LOG.errorf(failure, "sync run %s ended abnormally", id);
                            }
                        });
        return Uni.createFrom()
                .completionStage(recorded)
                .flatMap(run -> run.isPresent() ? Uni.createFrom().item(run.get()) : busy());
    }

    /** The lock is taken: name the running run (the holder may not have recorded it yet: look again briefly). */
    private Uni<SyncRun> busy() {
        return runs.findRunning(pool)
                .flatMap(running -> running.isPresent()
                        ? Uni.createFrom().item(running)
                        : Uni.createFrom()
                                .voidItem()
                                .onItem()
                                .delayIt()
                                .by(Duration.ofMillis(200))
                                .flatMap(x -> runs.findRunning(pool)))
                .map(running -> {
                    throw syncInProgress(running.map(SyncRun::id).orElse(null));
                });
    }

    public static ProblemException syncInProgress(UUID runningRunId) {
        Problem problem = Problem.of(
                "sync-in-progress",
                "Sync in progress",
                409,
                "A registry sync is already running" + (runningRunId == null ? "." : ": " + runningRunId + "."));
        return new ProblemException(
                runningRunId == null ? problem : problem.with("runningRunId", runningRunId.toString()));
    }
}
