package pics.aed.sync.api;

import java.time.OffsetDateTime;
import java.util.List;
import pics.aed.sync.domain.Reject;
import pics.aed.sync.domain.SyncRun;

/** The HTTP contract "Sync runs": the run record. */
public record SyncRunJson(
        String id,
        String mode,
        String trigger,
        String status,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        long fetched,
        long inserted,
        long updated,
        long unchanged,
        long missing,
        long restored,
        long deletionSuspected,
        long rejected,
        String error,
        List<String> overriddenGuards) {

    public static SyncRunJson of(SyncRun run) {
        SyncRun.Counts c = run.counts();
        return new SyncRunJson(
                run.id().toString(),
                run.mode().value(),
                run.trigger().name(),
                run.status().name(),
                run.startedAt(),
                run.finishedAt(),
                c.fetched(),
                c.inserted(),
                c.updated(),
                c.unchanged(),
                c.missing(),
                c.restored(),
                c.deletionSuspected(),
                c.rejected(),
                run.error(),
                run.overriddenGuardNames());
    }

    /** A rejected record: {@code position} is its place in the run's source (1-based). */
    public record RejectJson(String equipmentSerial, String stage, String reason, String raw, int position) {

        public static RejectJson of(Reject reject) {
            return new RejectJson(
                    reject.equipmentSerial(), reject.stage().name(), reject.reason(), reject.raw(), reject.seq());
        }
    }
}
