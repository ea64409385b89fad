package pics.aed.monitoring.live.domain;

import pics.aed.platform.problem.Problems;

/**
 * Where a new subscriber starts, from its {@code Last-Event-ID} and the retained log: right after its last position
 * when the log still holds everything after it; otherwise a {@code reset} first (its view is stale: reload, then
 * follow), then the events from the head on.
 *
 * @param after         the position after which events are delivered
 * @param reset         whether an {@code event: reset} comes first
 * @param lastEventId   what the client sent (null when nothing)
 */
public record ResumePoint(long after, boolean reset, String lastEventId) {

    /**
     * @param lastEventId   the header, or null
     * @param prunedThrough every position up to this one has been pruned
     * @param head          the highest committed position (at least {@code prunedThrough})
     */
    public static ResumePoint decide(String lastEventId, long prunedThrough, long head) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return new ResumePoint(head, false, null);
        }
        long last = parse(lastEventId);
        if (last < prunedThrough || last > head) {
            // Below: some events after it are gone. Above: not a position of this log (restored or foreign).
            return new ResumePoint(head, true, lastEventId);
        }
        return new ResumePoint(last, false, lastEventId);
    }

    /** Rejects a header that is not a position of this stream (400), before anything is streamed. */
    public static void requireValid(String lastEventId) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            parse(lastEventId);
        }
    }

    private static long parse(String lastEventId) {
        try {
            long last = Long.parseLong(lastEventId.trim());
            if (last >= 0) {
                return last;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw Problems.validation("Last-Event-ID", "Must be a position (a non-negative integer) from this stream.");
    }
}
