package pics.aed.sync.domain;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import pics.aed.events.registry.SyncRunFinished;

/** A sync run as recorded (the HTTP contract "Sync runs"). Counts: inserted + updated + unchanged + rejected = fetched. */
public record SyncRun(
        UUID id,
        Mode mode,
        Trigger trigger,
        Status status,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        Counts counts,
        String error,
        Set<Guard> overriddenGuards) {

    public enum Mode {
        full,
        incremental,
        import_;

        public String value() {
            return this == import_ ? "import" : name();
        }

        public static Mode of(String value) {
            return value.equals("import") ? import_ : valueOf(value);
        }

        /** Feed runs read the Open API and advance the missing lifecycle; an import does neither. */
        public boolean readsFeed() {
            return this != import_;
        }
    }

    public enum Trigger {
        schedule,
        manual
    }

    public enum Status {
        running,
        succeeded,
        failed,
        aborted
    }

    public record Counts(
            long fetched,
            long inserted,
            long updated,
            long unchanged,
            long missing,
            long restored,
            long deletionSuspected,
            long rejected) {

        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0);
    }

    public SyncRunFinished finishedEvent() {
        return new SyncRunFinished(
                id.toString(),
                mode.value(),
                trigger.name(),
                status.name(),
                startedAt,
                finishedAt,
                counts.fetched(),
                counts.inserted(),
                counts.updated(),
                counts.unchanged(),
                counts.missing(),
                counts.restored(),
                counts.deletionSuspected(),
                counts.rejected(),
                error,
                overriddenGuardNames());
    }

    /** The overridden guards as the HTTP contract names them, in a stable order. */
    public List<String> overriddenGuardNames() {
        return overriddenGuards.stream().sorted().map(Guard::apiName).toList();
    }
}
