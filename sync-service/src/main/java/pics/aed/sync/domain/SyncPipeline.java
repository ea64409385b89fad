package pics.aed.sync.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.outbox.Outbox;
import pics.aed.sync.config.SyncMetrics;
import pics.aed.sync.config.SyncSettings;
import pics.aed.sync.events.DeviceSnapshotEvents;
import pics.aed.sync.events.RegistryEvents;
import pics.aed.sync.source.ServiceKeyRedactor;
import pics.aed.sync.source.SourceException;
import pics.aed.sync.store.RegistryWriter;
import pics.aed.sync.store.RunStaging;
import pics.aed.sync.store.RunStaging.Action;
import pics.aed.sync.store.SyncRunStore;

/**
 * One run, end to end, on a worker thread (it blocks: it reads the source and waits for the database), in three
 * phases (decision 0008):
 * <ol>
 * <li><b>Read and stage</b>, no transaction open: the source streams batch by batch; each record is validated (stage
 * 1 format, stage 2 business), rejects are stored at once, and the staging connection copies the valid ones into the
 * run's rows of {@code run_staging}, refuses those that would break a registry constraint (stage 3) and classifies
 * the rest against the registry as committed (insert / update / restore / rehash / unchanged, blanked fields). Waiting
 * on e-gen holds no lock and no snapshot of the database.</li>
 * <li><b>Guards</b>, once the source is read: a feed shorter than it announced, far smaller than the registry, a field
 * blanked across it, too many devices changing. A violated guard ends the run {@code aborted}; nothing was written.</li>
 * <li><b>Apply</b>, one transaction bounded by database work only: the run's lease (its row, still running), the
 * registry writes with one snapshot event per written device, the post-check (stage 4), the missing lifecycle, the
 * run record and its event; then the commit.</li>
 * </ol>
 * A source that fails after its retries ends the run {@code failed}; the registry keeps the previous data.
 */
@Singleton
public class SyncPipeline {

    private static final Logger LOG = Logger.getLogger(SyncPipeline.class);

    private final Pool pool;
    private final DataSource dataSource;
    private final String schema;
    private final RegistryWriter writer;
    private final SyncRunStore runs;
    private final Outbox outbox;
    private final DeviceSnapshotEvents snapshots;
    private final SyncMetrics metrics;
    private final SyncSettings settings;
    private final RunGuards guards;
    private final ServiceKeyRedactor redactor;
    private final ObjectWriter snapshotJson;

    public SyncPipeline(
            Pool pool,
            DataSource dataSource,
            @ConfigProperty(name = "aedpics.schema") String schema,
            RegistryWriter writer,
            SyncRunStore runs,
            Outbox outbox,
            DeviceSnapshotEvents snapshots,
            SyncMetrics metrics,
            SyncSettings settings,
            ServiceKeyRedactor redactor,
            ObjectMapper json) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.schema = schema;
        this.writer = writer;
        this.runs = runs;
        this.outbox = outbox;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.settings = settings;
        this.redactor = redactor;
        this.guards = new RunGuards(
                new RunGuards.Limits(settings.minFeedShare(), settings.maxBlankedShare(), settings.maxChangeShare()));
        this.snapshotJson = json.writerFor(DeviceSnapshot.class);
    }

    /** Runs {@code run} to its end, whatever happens; blocks the calling (worker) thread until it has. */
    public SyncRun executeBlocking(SyncRun run, RecordSource source) {
        long started = System.nanoTime();
        LOG.infof("sync run %s (%s, %s) started", run.id(), run.mode().value(), run.trigger());
        RunReader reader = new RunReader(run, source.validator(), settings.blankPageMinItems());
        SyncRun finished;
        try (RunStaging staging = RunStaging.openBlocking(dataSource, schema, run.id(), run.mode())) {
            finished = readCheckAndApply(run, source, staging, reader);
        } catch (GuardViolation e) {
            metrics.error(e.guard().metricType());
            LOG.warnf(
                    "sync run %s aborted by guard %s, nothing committed: %s",
                    run.id(), e.guard().apiName(), e);
            finished = finishUnappliedBlocking(run, SyncRun.Status.aborted, reader, e.getMessage());
        } catch (RegistryWriter.LeaseLost e) {
            LOG.warnf("sync run %s stopped: %s", run.id(), e.getMessage());
            finished = asRecordedBlocking(run);
        } catch (SourceException e) {
            if (e instanceof SourceException.InconsistentFeed) {
                metrics.error(e.type()); // the client counts the failures of its requests; this one is the run's
            }
            LOG.errorf("sync run %s failed, previous data kept: %s", run.id(), e.getMessage());
            finished = finishUnappliedBlocking(run, SyncRun.Status.failed, reader, "source: " + e.getMessage());
        } catch (CircuitBreakerOpenException e) {
            metrics.error("circuit_open");
            LOG.errorf("sync run %s failed: the e-gen circuit breaker is open", run.id());
            finished = finishUnappliedBlocking(
                    run,
                    SyncRun.Status.failed,
                    reader,
                    "source: the e-gen API failed repeatedly; calls are paused (circuit breaker open)");
        } catch (RuntimeException | Error e) {
            finished = failInternally(run, reader, e);
        } finally {
            source.close();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        recordMetrics(finished, took);
        refreshLastSuccess();
        LOG.infof("sync run %s %s in %d ms: %s", run.id(), finished.status(), took.toMillis(), finished.counts());
        return finished;
    }

    /**
     * Anything else (a bug, the database gone, out of memory) fails the run, which never stays {@code running}. The
     * message is redacted like the source's own: an exception from below may quote a request URI.
     */
    private SyncRun failInternally(SyncRun run, RunReader reader, Throwable e) {
        metrics.error("internal");
        String message = redactor.redact(
                e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
        LOG.errorf("sync run %s failed, previous data kept: %s", run.id(), message);
        LOG.debugf(redactor.redacted(e), "sync run %s: the failure", run.id());
        return finishUnappliedBlocking(run, SyncRun.Status.failed, reader, "internal error: " + message);
    }

    /** The last-success gauges come from the database; read them now rather than at the next refresh. */
    private void refreshLastSuccess() {
        runs.lastSuccessByMode(pool)
                .subscribe()
                .with(metrics::lastSuccess, e -> LOG.debugf("last-success gauges not refreshed: %s", e.getMessage()));
    }

    private void recordMetrics(SyncRun finished, Duration took) {
        metrics.finished(finished.mode().value(), finished.status().name(), took);
        metrics.records("rejected", finished.counts().rejected());
        if (finished.status() == SyncRun.Status.succeeded) {
            SyncRun.Counts c = finished.counts();
            metrics.records("inserted", c.inserted());
            metrics.records("updated", c.updated());
            metrics.records("unchanged", c.unchanged());
            metrics.records("restored", c.restored());
            metrics.records("missing", c.missing());
            metrics.records("deletion_suspected", c.deletionSuspected());
        }
    }

    /** The three phases; a guard or a failure in any of them leaves the registry as it was. */
    private SyncRun readCheckAndApply(SyncRun run, RecordSource source, RunStaging staging, RunReader reader) {
        long reading = System.nanoTime();
        RunStaging.RegistrySize registry = staging.registrySizeBlocking();
        Function<DeviceRecord, String> newDeviceJson = newDeviceJson(run);
        long announced = source.stream((batch, withoutCoordinates) -> reader.acceptBlocking(
                batch,
                withoutCoordinates,
                (page, valid) -> staging.stageBlocking(page, valid, newDeviceJson),
                staging));
        if (announced >= 0 && announced != reader.fetched()) {
            throw new GuardViolation(
                    Guard.INCOMPLETE_FEED,
                    "the feed announced " + announced + " records but delivered " + reader.fetched());
        }
        RunStaging.Summary summary = staging.summaryBlocking();
        guards.check(run.mode(), figures(run, staging, summary, registry), run.overriddenGuards());
        long applying = System.nanoTime();
        SyncRun applied = applyBlocking(run, summary, reader);
        LOG.infof(
                "sync run %s read and staged the source in %d ms, then applied it in one transaction in %d ms",
                run.id(), (applying - reading) / 1_000_000, (System.nanoTime() - applying) / 1_000_000);
        return applied;
    }

    private RunGuards.Figures figures(
            SyncRun run, RunStaging staging, RunStaging.Summary summary, RunStaging.RegistrySize registry) {
        Map<Action, Long> actions = summary.actions();
        long disappearing = run.mode().readsFeed() ? staging.disappearingBlocking() : 0;
        return new RunGuards.Figures(
                registry.active(),
                registry.listed(),
                summary.staged(),
                summary.matched(),
                summary.blanked(),
                new RunGuards.Changes(
                        actions.get(Action.insert),
                        actions.get(Action.update),
                        actions.get(Action.restore),
                        disappearing));
    }

    /**
     * The snapshot event of a device the run creates, built from the record while staging: its updatedAt is the
     * run's start, which the insert writes too; its version the first.
     */
    private Function<DeviceRecord, String> newDeviceJson(SyncRun run) {
        return record -> {
            try {
                return snapshotJson.writeValueAsString(record.asNewDevice(run.startedAt()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a device snapshot did not serialise", e);
            }
        };
    }

    /** The apply transaction: database work only, so it is as short as the writes. Blocks until it has committed. */
    private SyncRun applyBlocking(SyncRun run, RunStaging.Summary summary, RunReader reader) {
        return pool.withTransaction(tx -> writer.holdLease(tx, run.id())
                        .flatMap(leased -> writeRegistry(tx, run))
                        .invoke(written -> postCheck(summary, written))
                        .flatMap(written ->
                                advanceLifecycle(tx, run).map(lifecycle -> counts(summary, written, lifecycle, reader)))
                        .flatMap(counts -> runs.finish(tx, run.id(), SyncRun.Status.succeeded, counts, null))
                        .map(leaseHeld -> leaseHeld.orElseThrow())
                        .call(finished -> outbox.append(tx, RegistryEvents.runFinished(finished))))
                .await()
                .indefinitely();
    }

    /** What the apply transaction wrote. */
    private record Written(long inserted, long updated, long rehashed, long events) {}

    private Uni<Written> writeRegistry(SqlConnection tx, SyncRun run) {
        return writer.insert(tx, run.id(), run.mode(), run.startedAt())
                .flatMap(inserted -> writer.update(tx, run.id(), run.mode(), run.startedAt())
                        .map(updated -> new Written(inserted, updated, 0, 0)))
                .flatMap(written -> snapshots
                        .appendWritten(tx, run.id())
                        .map(events -> new Written(written.inserted(), written.updated(), 0, events)))
                .flatMap(written -> writer.rehash(tx, run.id())
                        .map(rehashed ->
                                new Written(written.inserted(), written.updated(), rehashed, written.events())));
    }

    /** Stage 4: what was written is what the classification said, with one event per written device. */
    private static void postCheck(RunStaging.Summary summary, Written written) {
        Map<Action, Long> actions = summary.actions();
        long expectedUpdates = actions.get(Action.update) + actions.get(Action.restore);
        if (written.inserted() != actions.get(Action.insert) || written.updated() != expectedUpdates) {
            throw new IllegalStateException("post-check failed: wrote " + written.inserted() + " inserts and "
                    + written.updated() + " updates, expected " + actions.get(Action.insert) + " and "
                    + expectedUpdates);
        }
        if (written.rehashed() != actions.get(Action.rehash)) {
            throw new IllegalStateException("post-check failed: rehashed " + written.rehashed() + " devices, expected "
                    + actions.get(Action.rehash));
        }
        if (written.events() != written.inserted() + written.updated()) {
            throw new IllegalStateException("post-check failed: " + written.events() + " device events for "
                    + (written.inserted() + written.updated()) + " written devices");
        }
    }

    /** What the missing lifecycle did: devices now missing, and deletion_suspected (already or newly). */
    private record Lifecycle(long missing, long deletionSuspected) {

        static final Lifecycle NONE = new Lifecycle(0, 0);
    }

    /** Feed runs only: absent devices go missing, then deletion_suspected; each status change is published. */
    private Uni<Lifecycle> advanceLifecycle(SqlConnection tx, SyncRun run) {
        if (!run.mode().readsFeed()) {
            return Uni.createFrom().item(Lifecycle.NONE);
        }
        return writer.alreadySuspectedAbsent(tx, run.id())
                .flatMap(alreadySuspected -> writer.markAbsent(
                                tx, run.id(), settings.missingRunsBeforeDeletionSuspected())
                        .call(marked -> snapshots.appendFor(tx, marked.statusChanged()))
                        .map(marked -> new Lifecycle(marked.missing(), alreadySuspected + marked.deletionSuspected())));
    }

    /** A rehashed device's content did not change: it counts as unchanged. */
    private static SyncRun.Counts counts(
            RunStaging.Summary summary, Written written, Lifecycle lifecycle, RunReader reader) {
        Map<Action, Long> actions = summary.actions();
        return SyncRun.Counts.builder()
                .fetched(reader.fetched())
                .inserted(written.inserted())
                .updated(written.updated())
                .unchanged(actions.get(Action.unchanged) + written.rehashed())
                .missing(lifecycle.missing())
                .restored(actions.get(Action.restore))
                .deletionSuspected(lifecycle.deletionSuspected())
                .rejected(reader.rejected())
                .build();
    }

    /**
     * A failed or aborted run changed nothing: every record it fetched and did not reject counts as unchanged, so
     * that the counts still add up. The error is redacted once more: nothing recorded may carry the service key.
     */
    private SyncRun finishUnappliedBlocking(SyncRun run, SyncRun.Status status, RunReader reader, String error) {
        SyncRun.Counts counts = SyncRun.Counts.builder()
                .fetched(reader.fetched())
                .unchanged(reader.fetched() - reader.rejected())
                .rejected(reader.rejected())
                .build();
        return pool.withTransaction(tx -> runs.finish(tx, run.id(), status, counts, redactor.redact(error))
                        .call(finished -> finished.isPresent()
                                ? outbox.append(tx, RegistryEvents.runFinished(finished.get()))
                                : Uni.createFrom().voidItem()))
                .flatMap(finished -> finished.isPresent()
                        ? Uni.createFrom().item(finished.get())
                        : runs.find(pool, run.id()).map(taken -> taken.orElseThrow()))
                .await()
                .indefinitely();
    }

    /** The run as its row says now (another replica finished it). Blocks. */
    private SyncRun asRecordedBlocking(SyncRun run) {
        return runs.find(pool, run.id()).await().indefinitely().orElseThrow();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
