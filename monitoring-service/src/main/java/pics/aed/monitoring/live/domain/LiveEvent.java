package pics.aed.monitoring.live.domain;

/**
 * One entry of the event log as the stream serves it.
 *
 * @param position the SSE id: strictly increasing in the order entries became visible
 * @param type     the CloudEvents type, the SSE event name
 * @param json     the SSE data, rendered once for every subscriber: {@code {"id", "type", "subject", "time",
 *                 "sido", "gugun", "data"}}
 */
public record LiveEvent(long position, String type, Placement placement, String json) {}
