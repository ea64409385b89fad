package pics.aed.events.registry;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Data of {@code pics.aed.sync-run.succeeded|failed|aborted} on {@code aed.sync-runs.v1}. The key is the run id (a
 * run is about no single device). Counts follow the HTTP contract: inserted + updated + unchanged + rejected = fetched.
 * {@code overriddenGuards}: the guards a master overrode for this run (e.g. {@code too-many-changes}), empty if none.
 * {@code error} never holds the data.go.kr service key (the client redacts it where the error arises).
 */
public record SyncRunFinished(
        String runId,
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
        List<String> overriddenGuards) {}
