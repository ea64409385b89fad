package pics.aed.sync.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The guards of a run (seed 004 stage 4): each stops a run that would commit something the source cannot be trusted
 * with; the run ends {@code aborted} with nothing committed. {@link #apiName()} is how the HTTP contract names one
 * ({@code "overrideGuards": ["too-many-changes"]}); {@link #metricType()} the {@code egen_sync_errors_total{type}}
 * label.
 */
public enum Guard {
    /** A feed page of at least {@code blank-page-min-items} records, none with coordinates. */
    BLANK_PAGE(true),
    /** Fewer records than page 1's totalCount announced. */
    INCOMPLETE_FEED(false),
    /** totalCount changed while paging: paging over a feed that moves skips or repeats devices. */
    FEED_CHANGED(false),
    /** The valid feed is smaller than {@code min-feed-share} of the active registry. */
    FEED_TOO_SMALL(true),
    /** A field blanked on more than {@code max-blanked-share} of the known devices. */
    FIELD_BLANKED(true),
    /** More than {@code max-change-share} of the registry inserted, updated, restored or disappearing. */
    TOO_MANY_CHANGES(true);

    private final boolean overridable;

    Guard(boolean overridable) {
        this.overridable = overridable;
    }

    /** {@code too-many-changes}. */
    public String apiName() {
        return name().toLowerCase().replace('_', '-');
    }

    /** {@code guard_too_many_changes}. */
    public String metricType() {
        return "guard_" + name().toLowerCase();
    }

    /**
     * Whether a master may override it for one run. A feed that moved or came short while paging is not a matter of
     * judgement: what it delivered is not a registry, whoever says so.
     */
    public boolean overridable() {
        return overridable;
    }

    public static Optional<Guard> ofApiName(String name) {
        return Arrays.stream(values()).filter(g -> g.apiName().equals(name)).findFirst();
    }
}
