package pics.aed.monitoring.live.stream;

import pics.aed.monitoring.live.domain.LiveEvent;

/** What a subscriber's stream carries, before it becomes SSE text. */
public sealed interface StreamItem {

    /** A logged event: {@code id: position}, {@code event: type}, {@code data: json}. */
    record Event(LiveEvent event) implements StreamItem {}

    /** A comment line (heartbeat, hello); with a reconnect delay for the client when {@code retryMillis > 0}. */
    record Comment(String text, long retryMillis) implements StreamItem {}

    /** The client's position is no longer retained (or never was): reload, then follow from {@code resumeFrom}. */
    record Reset(long resumeFrom, String lastEventId) implements StreamItem {}
}
