package pics.aed.sync.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pics.aed.sync.source.SourceException;
import pics.aed.sync.store.RunStaging;

/**
 * Reads one run's source, batch by batch: stages 1 and 2 of validation, the blank-page guard (at once, when the page
 * arrives), and hands the valid records to the staging. It counts what the run fetched and rejected. Blocking, on the
 * run's worker thread only.
 */
final class RunReader {

    /** Stages a page of valid records (COPY, stage 3, classification). */
    interface PageStager {
        RunStaging.StagedPage stage(int page, List<DeviceRecord> valid);
    }

    /** Where a serial was first seen in this run. */
    private record Seen(int page, int seq) {}

    private final SyncRun run;
    private final RecordValidator validator;
    private final int blankPageMinItems;
    private final Map<String, Seen> firstSeen = new HashMap<>();
    private int pages;
    private long fetched;
    private long rejected;

    RunReader(SyncRun run, RecordValidator validator, int blankPageMinItems) {
        this.run = run;
        this.validator = validator;
        this.blankPageMinItems = blankPageMinItems;
    }

    long fetched() {
        return fetched;
    }

    long rejected() {
        return rejected;
    }

    /** One batch of the source: validated, its rejects stored, its valid records staged. Blocks. */
    void acceptBlocking(List<RawRecord> batch, int withoutCoordinates, PageStager stager, RunStaging staging) {
        fetched += batch.size();
        int page = pages++;
        checkBlankPage(batch, withoutCoordinates);
        List<Reject> rejects = new ArrayList<>();
        List<DeviceRecord> valid = validate(page, batch, rejects);
        RunStaging.StagedPage staged = stager.stage(page, valid);
        staged.conflicts()
                .forEach(c -> rejects.add(new Reject(
                        c.seq(),
                        c.equipmentSerial(),
                        Reject.Stage.database,
                        "management number " + c.managementNumber() + " already belongs to another device",
                        c.raw())));
        staging.insertRejectsBlocking(rejects);
        rejected += rejects.size();
    }

    private void checkBlankPage(List<RawRecord> batch, int withoutCoordinates) {
        boolean blank =
                withoutCoordinates >= 0 && batch.size() >= blankPageMinItems && withoutCoordinates == batch.size();
        if (blank && !run.overriddenGuards().contains(Guard.BLANK_PAGE)) {
            throw new GuardViolation(
                    Guard.BLANK_PAGE,
                    "all " + batch.size() + " records of a feed page (from record "
                            + batch.get(0).seq() + ") came without coordinates: the feed looks corrupt");
        }
    }

    /** Stages 1 and 2: the valid records, in order; the rejects are added to {@code rejects}. */
    private List<DeviceRecord> validate(int page, List<RawRecord> batch, List<Reject> rejects) {
        List<DeviceRecord> valid = new ArrayList<>(batch.size());
        for (RawRecord raw : batch) {
            RecordValidator.Outcome outcome = validator.validate(raw);
            if (outcome.reject() != null) {
                rejects.add(outcome.reject());
                continue;
            }
            String serial = outcome.record().equipmentSerial();
            Seen first = firstSeen.putIfAbsent(serial, new Seen(page, raw.seq()));
            if (first == null) {
                valid.add(outcome.record());
            } else if (first.page() != page && run.mode().readsFeed()) {
                throw inconsistentFeed(serial, first, page, raw);
            } else {
                rejects.add(new Reject(
                        raw.seq(),
                        serial,
                        Reject.Stage.business,
                        "duplicate serial: record " + first.seq() + " of this run has it too (the first is kept)",
                        raw.raw()));
            }
        }
        return valid;
    }

    /**
     * A serial on two feed pages means the feed moved under the paging (its order shifted under the same
     * totalCount): some devices were served twice, so others were skipped, and marking those missing would flip
     * their status with every run. The feed is not believed; the run fails and changes nothing.
     */
    private static SourceException inconsistentFeed(String serial, Seen first, int page, RawRecord raw) {
        return new SourceException.InconsistentFeed(
                "inconsistent feed: serial " + serial + " came on page " + (first.page() + 1) + " (record "
                        + first.seq() + ") and again on page " + (page + 1) + " (record " + raw.seq()
                        + "); the feed changed order while it was paged, so devices may have been skipped");
    }
}
