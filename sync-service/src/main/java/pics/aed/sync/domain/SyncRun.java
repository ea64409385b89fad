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

        public static final Counts NONE = builder().build();

        /** Counts by name: eight numbers in a row are too easy to swap. */
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private long fetched;
            private long inserted;
            private long updated;
            private long unchanged;
            private long missing;
            private long restored;
            private long deletionSuspected;
            private long rejected;

            private Builder() {}

            public Builder fetched(long n) {
                fetched = n;
                return this;
            }

            public Builder inserted(long n) {
                inserted = n;
                return this;
            }

            public Builder updated(long n) {
                updated = n;
                return this;
            }

            public Builder unchanged(long n) {
                unchanged = n;
                return this;
            }

            public Builder missing(long n) {
                missing = n;
                return this;
            }

            public Builder restored(long n) {
                restored = n;
                return this;
            }

            public Builder deletionSuspected(long n) {
                deletionSuspected = n;
                return this;
            }

            public Builder rejected(long n) {
                rejected = n;
                return this;
            }

            public Counts build() {
                return new Counts(
                        fetched, inserted, updated, unchanged, missing, restored, deletionSuspected, rejected);
            }
        }
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
