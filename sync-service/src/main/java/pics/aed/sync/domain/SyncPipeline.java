package pics.aed.sync.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.outbox.Outbox;
import pics.aed.sync.config.SyncMetrics;
import pics.aed.sync.config.SyncSettings;
import pics.aed.sync.events.DeviceSnapshotEvents;
import pics.aed.sync.events.RegistryEvents;
import pics.aed.sync.source.SourceException;
import pics.aed.sync.store.RegistryWriter;
import pics.aed.sync.store.RunStaging;
import pics.aed.sync.store.RunStaging.Action;
import pics.aed.sync.store.SyncRunStore;

/**
 * One run, end to end, on a worker thread (it blocks: it reads the source and waits for the database). Two database
 * connections work side by side (decision 0006):
 * <ol>
 * <li>Stream the source batch by batch; validate each record (stage 1 format, stage 2 business: known sido/gugun,
 * coordinates, duplicate serial within the run); store rejects at once.</li>
 * <li>The staging connection copies the valid records of a batch into {@code run_staging}, rejects those that would
 * break a registry constraint (stage 3, database), and classifies the rest against the registry as committed before
 * the run: insert / update / restore / unchanged by content hash, and which fields a record blanks.</li>
 * <li>The apply transaction, opened when the run starts, writes each classified page into the registry with one
 * outbox event per written device while the next page is read. Nothing is visible to anyone until it commits.</li>
 * <li>Once the source is read, the guards are computed against the registry as committed: feed far smaller than the
 * registry, more than the allowed share of the registry changing or disappearing, a field blanked across the feed, a
 * page without any coordinates, a feed shorter than it announced. Any of them rolls the apply transaction back: the
 * run is aborted with nothing committed.</li>
 * <li>The apply transaction then checks the written counts (stage 4), advances the missing lifecycle, writes the
 * run's event, finishes the run record, and commits.</li>
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
    private final ObjectMapper json;

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
        this.json = json;
    }

    /** What a run has seen so far. */
    private static final class Tally {
        long fetched;
        long rejected;
    }

    public SyncRun execute(SyncRun run, RecordSource source) {
        long started = System.nanoTime();
        LOG.infof("sync run %s (%s, %s) started", run.id(), run.mode().value(), run.trigger());
        Tally tally = new Tally();
        SyncRun finished;
        try (RunStaging staging = RunStaging.open(dataSource, schema, run.mode())) {
            finished = stageAndApply(run, source, staging, tally);
        } catch (GuardViolation e) {
            metrics.error("guard_" + e.guard());
            LOG.warnf("sync run %s aborted, nothing committed: %s", run.id(), e.getMessage());
            finished = finishUnapplied(run, SyncRun.Status.aborted, tally, e.getMessage());
        } catch (SourceException e) {
            LOG.errorf("sync run %s failed, previous data kept: %s", run.id(), e.getMessage());
            finished = finishUnapplied(run, SyncRun.Status.failed, tally, "source: " + e.getMessage());
        } catch (org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException e) {
            metrics.error("circuit_open");
            LOG.errorf("sync run %s failed: the e-gen circuit breaker is open", run.id());
            finished = finishUnapplied(
                    run,
                    SyncRun.Status.failed,
                    tally,
                    "source: the e-gen API failed repeatedly; calls are paused (circuit breaker open)");
        } catch (RuntimeException e) {
            metrics.error("internal");
            LOG.errorf(e, "sync run %s failed, previous data kept", run.id());
            finished = finishUnapplied(
                    run,
                    SyncRun.Status.failed,
                    tally,
                    "internal error: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
        } finally {
            source.close();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.finished(run.mode().value(), finished.status().name(), took);
        metrics.records("rejected", finished.counts().rejected());
        if (finished.status() == SyncRun.Status.succeeded) {
            SyncRun.Counts c = finished.counts();
            metrics.records("inserted", c.inserted());
            metrics.records("updated", c.updated());
            metrics.records("unchanged", c.unchanged());
            metrics.records("restored", c.restored());
            metrics.records("missing", c.missing());
            metrics.records("deletion_suspected", c.deletionSuspected());
            metrics.succeededAt(finished.finishedAt());
        }
        LOG.infof("sync run %s %s in %d ms: %s", run.id(), finished.status(), took.toMillis(), finished.counts());
        return finished;
    }

    /** What the apply transaction has written so far, page by page. */
    private static final class Written {
        long inserted;
        long updated;
        long rehashed;
        long events;
    }

    /**
     * The source streams into the staging connection; each classified page is handed to the apply transaction at
     * once, so that writing the registry overlaps reading the source. The transaction stays open until the guards,
     * which need the whole run, have passed: until then nothing is visible, and a guard that fails rolls it back.
     */
    private SyncRun stageAndApply(SyncRun run, RecordSource source, RunStaging staging, Tally tally) {
        SyncRun.Mode mode = run.mode();
        long registry = staging.activeRegistrySize();
        SqlConnection connection = pool.getConnection().await().indefinitely();
        Transaction tx = connection.begin().await().indefinitely();
        Function<DeviceRecord, String> newDeviceJson = newDeviceJson(connection);
        Written written = new Written();
        CompletableFuture<?>[] applying = {CompletableFuture.completedFuture(null)};
        try {
            RecordValidator validator = source.validator();
            // serial → position of its first record: duplicates within the run are rejected (stage 2), the first kept
            Map<String, Integer> firstSeen = new HashMap<>();
            int[] pages = {0};
            long announced = source.stream((batch, withoutCoordinates) -> {
                tally.fetched += batch.size();
                if (withoutCoordinates >= 0
                        && batch.size() >= settings.blankPageMinItems()
                        && withoutCoordinates == batch.size()) {
                    throw new GuardViolation(
                            "blank_page",
                            "all " + batch.size() + " records of a feed page (from " + "record "
                                    + batch.get(0).seq() + ") came without coordinates: the feed looks corrupt");
                }
                List<DeviceRecord> valid = validate(validator, batch, firstSeen, run, tally);
                int page = pages[0]++;
                RunStaging.StagedPage staged = staging.stage(page, valid, newDeviceJson);
                rejectConflicts(run, staged.conflicts(), tally);
                // one page in the apply transaction at a time, while the source reads and stages the next
                await(applying[0]);
                applying[0] = applyPage(connection, mode, page, staged.actions(), run.startedAt(), written)
                        .subscribeAsCompletionStage();
            });
            await(applying[0]);
            if (announced >= 0 && announced != tally.fetched) {
                throw new GuardViolation(
                        "incomplete_feed",
                        "the feed announced " + announced + " records but " + "delivered " + tally.fetched);
            }
            RunStaging.Summary summary = staging.summary();
            if (mode.readsFeed()) {
                checkGuards(run, staging, summary, registry);
            }
            SyncRun finished = finishApplied(run, connection, summary, written, tally);
            tx.commit().await().indefinitely();
            return finished;
        } catch (RuntimeException e) {
            applying[0].handle((ok, failure) -> null).join();
            tx.rollback().onFailure().recoverWithNull().await().indefinitely();
            throw e;
        } finally {
            connection.close().await().indefinitely();
        }
    }

    /**
     * The snapshot event of a device the run creates: its updatedAt is the transaction's timestamp, which the
     * insert writes as now().
     */
    private Function<DeviceRecord, String> newDeviceJson(SqlConnection tx) {
        OffsetDateTime now = tx.query("SELECT now() AS now")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getOffsetDateTime("now");
        ObjectWriter snapshot = json.writerFor(DeviceSnapshot.class);
        return record -> {
            try {
                return snapshot.writeValueAsString(record.asNewDevice(now));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a device snapshot did not serialise", e);
            }
        };
    }

    /** Stages 1 and 2 for one batch: the valid records, in order; the rejects are stored at once. */
    private List<DeviceRecord> validate(
            RecordValidator validator,
            List<RawRecord> batch,
            Map<String, Integer> firstSeen,
            SyncRun run,
            Tally tally) {
        List<DeviceRecord> valid = new ArrayList<>(batch.size());
        List<Reject> rejects = new ArrayList<>();
        for (RawRecord raw : batch) {
            RecordValidator.Outcome outcome = validator.validate(raw);
            if (outcome.reject() != null) {
                rejects.add(outcome.reject());
                continue;
            }
            Integer first = firstSeen.putIfAbsent(outcome.record().equipmentSerial(), raw.seq());
            if (first != null) {
                rejects.add(new Reject(
                        raw.seq(),
                        outcome.record().equipmentSerial(),
                        Reject.Stage.business,
                        "duplicate serial: record " + first + " of this run has it too (the first is kept)",
                        raw.raw()));
            } else {
                valid.add(outcome.record());
            }
        }
        tally.rejected += rejects.size();
        runs.insertRejects(pool, run.id(), rejects).await().indefinitely();
        return valid;
    }

    private void rejectConflicts(SyncRun run, List<RunStaging.DatabaseConflict> conflicts, Tally tally) {
        List<Reject> rejects = conflicts.stream()
                .map(c -> new Reject(
                        c.seq(),
                        c.equipmentSerial(),
                        Reject.Stage.database,
                        "management number " + c.managementNumber() + " already belongs to another device",
                        c.raw()))
                .toList();
        runs.insertRejects(pool, run.id(), rejects).await().indefinitely();
        tally.rejected += rejects.size();
    }

    /**
     * One staged page into the registry, with one snapshot event per device it wrote; a page that changes nothing
     * costs no statement at all.
     */
    private Uni<Void> applyPage(
            SqlConnection tx,
            SyncRun.Mode mode,
            int page,
            Map<Action, Long> actions,
            OffsetDateTime runStartedAt,
            Written written) {
        long writes = actions.get(Action.insert) + actions.get(Action.update) + actions.get(Action.restore);
        Uni<Void> devices = writes == 0
                ? Uni.createFrom().voidItem()
                : writer.insertPage(tx, mode, page, runStartedAt)
                        .flatMap(inserted -> writer.updatePage(tx, mode, page, runStartedAt)
                                .flatMap(updated -> snapshots
                                        .appendWrittenOnPage(tx, page)
                                        .invoke(events -> {
                                            written.inserted += inserted;
                                            written.updated += updated;
                                            written.events += events;
                                        })))
                        .replaceWithVoid();
        return actions.get(Action.rehash) == 0
                ? devices
                : devices.flatMap(x -> writer.rehashPage(tx, page))
                        .invoke(n -> written.rehashed += n)
                        .replaceWithVoid();
    }

    private void checkGuards(SyncRun run, RunStaging staging, RunStaging.Summary summary, long registry) {
        if (registry == 0) {
            return; // the first sync: nothing to protect yet
        }
        long staged = summary.staged();
        if (staged < registry * settings.minFeedShare()) {
            throw new GuardViolation(
                    "feed_too_small",
                    "the feed holds " + staged + " valid devices, less than " + percent(settings.minFeedShare())
                            + " of the " + registry + " active devices in the registry");
        }
        // a blanked field changes every device it touches: name that, the more specific cause, first
        long matched = summary.matched();
        for (Map.Entry<String, Long> field : summary.blanked().entrySet()) {
            long count = field.getValue();
            if (matched > 0 && count > 0 && count > matched * settings.maxBlankedShare()) {
                throw new GuardViolation(
                        "field_blanked",
                        "the feed blanks " + field.getKey() + " on " + count
                                + " of " + matched + " known devices (more than " + percent(settings.maxBlankedShare())
                                + ")");
            }
        }
        long changing = summary.actions().get(Action.update)
                + summary.actions().get(Action.restore)
                + staging.disappearing(run.id());
        if (changing > registry * settings.maxChangeShare()) {
            throw new GuardViolation(
                    "too_many_changes",
                    changing + " of " + registry + " registry devices would " + "change or disappear, more than "
                            + percent(settings.maxChangeShare()));
        }
    }

    /**
     * The end of the apply transaction: stage 4 (what was written is what the diff said), the missing lifecycle,
     * and the run record with its event.
     */
    private SyncRun finishApplied(
            SyncRun run, SqlConnection connection, RunStaging.Summary summary, Written written, Tally tally) {
        Map<Action, Long> actions = summary.actions();
        long expectedUpdates = actions.get(Action.update) + actions.get(Action.restore);
        if (written.inserted != actions.get(Action.insert) || written.updated != expectedUpdates) {
            throw new IllegalStateException("post-check failed: wrote " + written.inserted + " inserts and "
                    + written.updated + " updates, expected " + actions.get(Action.insert) + " and "
                    + expectedUpdates);
        }
        if (written.rehashed != actions.get(Action.rehash)) {
            throw new IllegalStateException("post-check failed: rehashed " + written.rehashed + " devices, expected "
                    + actions.get(Action.rehash));
        }
        if (written.events != written.inserted + written.updated) {
            throw new IllegalStateException("post-check failed: " + written.events + " device events for "
                    + (written.inserted + written.updated) + " written devices");
        }
        long missing = 0;
        long suspected = 0;
        if (run.mode().readsFeed()) {
            long alreadySuspected =
                    writer.alreadySuspectedAbsent(connection).await().indefinitely();
            RegistryWriter.MarkedAbsent marked = writer.markAbsent(
                            connection, run.id(), settings.missingRunsBeforeDeletionSuspected())
                    .await()
                    .indefinitely();
            missing = marked.missing();
            suspected = alreadySuspected + marked.deletionSuspected();
            snapshots.appendFor(connection, marked.statusChanged()).await().indefinitely();
        }
        // a rehashed device's content did not change
        SyncRun.Counts counts = new SyncRun.Counts(
                tally.fetched,
                written.inserted,
                written.updated,
                actions.get(Action.unchanged) + written.rehashed,
                missing,
                actions.get(Action.restore),
                suspected,
                tally.rejected);
        SyncRun finished = runs.finish(connection, run.id(), SyncRun.Status.succeeded, counts, null)
                .await()
                .indefinitely();
        outbox.append(connection, RegistryEvents.runFinished(finished)).await().indefinitely();
        return finished;
    }

    /** Waits for a page's apply; its failure is the run's. */
    private static void await(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * A failed or aborted run changed nothing: every record it fetched and did not reject counts as unchanged, so
     * that the counts still add up.
     */
    private SyncRun finishUnapplied(SyncRun run, SyncRun.Status status, Tally tally, String error) {
        SyncRun.Counts counts =
                new SyncRun.Counts(tally.fetched, 0, 0, tally.fetched - tally.rejected, 0, 0, 0, tally.rejected);
        return pool.withTransaction(tx -> runs.finish(tx, run.id(), status, counts, error)
                        .call(finished -> outbox.append(tx, RegistryEvents.runFinished(finished))))
                .await()
                .indefinitely();
    }

    private static String percent(double share) {
        return Math.round(share * 1000) / 10.0 + " %";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
