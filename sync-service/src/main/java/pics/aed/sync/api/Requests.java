package pics.aed.sync.api;

import jakarta.validation.constraints.NotNull;

/** The request bodies of the sync API, validated before anything runs. */
public final class Requests {

    private Requests() {}

    public enum FeedMode {
        full,
        incremental
    }

    public record StartRun(@NotNull FeedMode mode) {}
}
