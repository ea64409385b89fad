package pics.aed.sync.api;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/** The request bodies of the sync API, validated before anything runs. */
public final class Requests {

    private Requests() {}

    public enum FeedMode {
        full,
        incremental
    }

    /**
     * @param overrideGuards guards (as the HTTP contract names them, e.g. {@code too-many-changes}) a master lifts for
     *                       this one run; null or empty for none
     */
    public record StartRun(@NotNull FeedMode mode, List<String> overrideGuards) {}
}
