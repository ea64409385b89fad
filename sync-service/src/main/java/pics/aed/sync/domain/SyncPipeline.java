package pics.aed.sync.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import pics.aed.platform.outbox.Outbox;
import pics.aed.sync.config.SyncMetrics;
import pics.aed.sync.config.SyncSettings;
import pics.aed.sync.events.DeviceSnapshotEvents;
import pics.aed.sync.events.RegistryEvents;
import pics.aed.sync.source.SourceException;
import pics.aed.sync.store.StagingStore;
import pics.aed.sync.store.StagingStore.Action;
import pics.aed.sync.store.SyncRunStore;

/**
 * One run, end to end, on a worker thread (it blocks: it reads the source and waits for the database).
 * <ol>
 * <li>Stream the source batch by batch; validate each record (stage 1 format, stage 2 business: known sido/gugun,
 * coordinates, duplicate serial within the run); store rejects at once; stage valid records in a temporary table,
 * classified against the registry by content hash (insert / update / restore / unchanged).</li>
 * <li>Stage 3 (database): records that would break a registry constraint are rejected.</li>
 * <li>Guards, computed in SQL against the registry: feed far smaller than the registry, more than the allowed share
 * of the registry changing or disappearing, a field blanked across the feed, a page without any coordinates, a feed
 * shorter than it announced. Any of them aborts the run with nothing committed.</li>
 * <li>One transaction applies the diff, advances the missing lifecycle, checks the written counts (stage 4), writes
 * one outbox event per changed device and the run's event, and finishes the run record.</li>
 * </ol>
 * A source that fails after its retries ends the run {@code failed}; the registry keeps the previous data.
 */
@Singleton
public class SyncPipeline {

    private static final Logger LOG = Logger.getLogger(SyncPipeline.class);

    private final Pool pool;
    private final StagingStore staging;
    private final SyncRunStore runs;
    private final Outbox outbox;
    private final DeviceSnapshotEvents snapshots;
    private final SyncMetrics metrics;
    private final SyncSettings settings;

    public SyncPipeline(Pool pool, StagingStore staging, SyncRunStore runs, Outbox outbox,
            DeviceSnapshotEvents snapshots, SyncMetrics metrics, SyncSettings settings) {
        this.pool = pool;
        this.staging = staging;
        this.runs = runs;
        this.outbox = outbox;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.settings = settings;
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
        SqlConnection connection = null;
        try {
            connection = pool.getConnection().await().indefinitely();
            finished = stageAndApply(run, source, connection, tally);
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
            finished = finishUnapplied(run, SyncRun.Status.failed, tally,
                    "source: the e-gen API failed repeatedly; calls are paused (circuit breaker open)");
        } catch (RuntimeException e) {
            metrics.error("internal");
            LOG.errorf(e, "sync run %s failed, previous data kept", run.id());
            finished = finishUnapplied(run, SyncRun.Status.failed, tally, "internal error: " + e.getClass()
                    .getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
        } finally {
            source.close();
            if (connection != null) {
                SqlConnection held = connection;
                staging.drop(held).onFailure().recoverWithNull().await().indefinitely();
                held.close().await().indefinitely();
            }
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

    private SyncRun stageAndApply(SyncRun run, RecordSource source, SqlConnection connection, Tally tally) {
        SyncRun.Mode mode = run.mode();
        staging.prepare(connection).await().indefinitely();
        RecordValidator validator = source.validator();
        // serial → position of its first record: duplicates within the run are rejected (stage 2), the first kept
        Map<String, Integer> firstSeen = new HashMap<>();
        CompletableFuture<?>[] pending = { CompletableFuture.completedFuture(null) };
        long announced = source.stream((batch, withoutCoordinates) -> {
            tally.fetched += batch.size();
            if (withoutCoordinates >= 0 && batch.size() >= settings.blankPageMinItems()
                    && withoutCoordinates == batch.size()) {
                throw new GuardViolation("blank_page", "all " + batch.size() + " records of a feed page (from record "
                        + batch.get(0).seq() + ") came without coordinates: the feed looks corrupt");
            }
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
                    rejects.add(new Reject(raw.seq(), outcome.record().equipmentSerial(), Reject.Stage.business,
                            "duplicate serial: record " + first + " of this run has it too (the first is kept)",
                            raw.raw()));
                } else {
                    valid.add(outcome.record());
                }
            }
            tally.rejected += rejects.size();
            runs.insertRejects(pool, run.id(), rejects).await().indefinitely();
            // stage this batch while the source reads the next one; one statement in flight at a time
            pending[0].join();
            pending[0] = staging.stage(connection, mode, valid).subscribeAsCompletionStage();
        });
        pending[0].join();
        if (announced >= 0 && announced != tally.fetched) {
            throw new GuardViolation("incomplete_feed", "the feed announced " + announced + " records but delivered "
                    + tally.fetched);
        }
        staging.finishStaging(connection).await().indefinitely();

        List<Reject> conflicts = staging.removeDatabaseConflicts(connection).await().indefinitely().stream()
                .map(c -> new Reject(c.seq(), c.equipmentSerial(), Reject.Stage.database, "management number "
                        + c.managementNumber() + " already belongs to another device", c.raw()))
                .toList();
        runs.insertRejects(pool, run.id(), conflicts).await().indefinitely();
        tally.rejected += conflicts.size();

        Map<Action, Long> actions = staging.actionCounts(connection).await().indefinitely();
        if (mode.readsFeed()) {
            checkGuards(run, connection, actions);
        }
        return apply(run, connection, actions, tally);
    }

    private void checkGuards(SyncRun run, SqlConnection connection, Map<Action, Long> actions) {
        long registry = staging.activeRegistrySize(connection).await().indefinitely();
        if (registry == 0) {
            return; // the first sync: nothing to protect yet
        }
        long staged = actions.values().stream().mapToLong(Long::longValue).sum();
        if (staged < registry * settings.minFeedShare()) {
            throw new GuardViolation("feed_too_small", "the feed holds " + staged + " valid devices, less than "
                    + percent(settings.minFeedShare()) + " of the " + registry + " active devices in the registry");
        }
        // a blanked field changes every device it touches: name that, the more specific cause, first
        Map<String, Long> blanked = staging.blanked(connection).await().indefinitely();
        long matched = blanked.get("matched");
        for (String field : StagingStore.BLANK_CHECKED_FIELDS) {
            long count = blanked.get(field);
            if (matched > 0 && count > 0 && count > matched * settings.maxBlankedShare()) {
                throw new GuardViolation("field_blanked", "the feed blanks " + field + " on " + count + " of "
                        + matched + " known devices (more than " + percent(settings.maxBlankedShare()) + ")");
            }
        }
        StagingStore.Absence absence = staging.absence(connection, run.id(),
                settings.missingRunsBeforeDeletionSuspected()).await().indefinitely();
        long changing = actions.get(Action.update) + actions.get(Action.restore) + absence.disappearing();
        if (changing > registry * settings.maxChangeShare()) {
            throw new GuardViolation("too_many_changes", changing + " of " + registry + " registry devices would "
                    + "change or disappear, more than " + percent(settings.maxChangeShare()));
        }
    }

    private SyncRun apply(SyncRun run, SqlConnection connection, Map<Action, Long> actions, Tally tally) {
        SyncRun.Mode mode = run.mode();
        Transaction tx = connection.begin().await().indefinitely();
        try {
            int inserted = staging.insertDevices(connection, mode, run.startedAt()).await().indefinitely();
            int updated = staging.updateDevices(connection, mode, run.startedAt()).await().indefinitely();
            // stage 4: what was written is what the diff said
            long expectedUpdates = actions.get(Action.update) + actions.get(Action.restore);
            if (inserted != actions.get(Action.insert) || updated != expectedUpdates) {
                throw new IllegalStateException("post-check failed: wrote " + inserted + " inserts and " + updated
                        + " updates, expected " + actions.get(Action.insert) + " and " + expectedUpdates);
            }
            long missing = 0;
            long suspected = 0;
            List<String> statusChanged = List.of();
            if (mode.readsFeed()) {
                long alreadySuspected = staging.alreadySuspectedAbsent(connection).await().indefinitely();
                StagingStore.MarkedAbsent marked = staging.markAbsent(connection, run.id(),
                        settings.missingRunsBeforeDeletionSuspected()).await().indefinitely();
                missing = marked.missing();
                suspected = alreadySuspected + marked.deletionSuspected();
                statusChanged = marked.statusChanged();
            }
            // one full snapshot per device written or gone missing, built by the database
            int snapshotsWritten = snapshots.appendWrittenByRun(connection).await().indefinitely();
            if (snapshotsWritten != inserted + updated) {
                throw new IllegalStateException("post-check failed: " + snapshotsWritten + " device events for "
                        + (inserted + updated) + " written devices");
            }
            snapshots.appendFor(connection, statusChanged).await().indefinitely();
            SyncRun.Counts counts = new SyncRun.Counts(tally.fetched, inserted, updated, actions.get(Action.unchanged),
                    missing, actions.get(Action.restore), suspected, tally.rejected);
            SyncRun finished = runs.finish(connection, run.id(), SyncRun.Status.succeeded, counts, null)
                    .await().indefinitely();
            outbox.append(connection, RegistryEvents.runFinished(finished)).await().indefinitely();
            tx.commit().await().indefinitely();
            return finished;
        } catch (RuntimeException e) {
            tx.rollback().onFailure().recoverWithNull().await().indefinitely();
            throw e;
        }
    }

    /**
     * A failed or aborted run changed nothing: every record it fetched and did not reject counts as unchanged, so
     * that the counts still add up.
     */
    private SyncRun finishUnapplied(SyncRun run, SyncRun.Status status, Tally tally, String error) {
        SyncRun.Counts counts = new SyncRun.Counts(tally.fetched, 0, 0, tally.fetched - tally.rejected, 0, 0, 0,
                tally.rejected);
        return pool.withTransaction(tx -> runs.finish(tx, run.id(), status, counts, error)
                .call(finished -> outbox.append(tx, RegistryEvents.runFinished(finished))))
                .await().indefinitely();
    }

    private static String percent(double share) {
        return Math.round(share * 1000) / 10.0 + " %";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
