package pics.aed.platform.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff: the first retry waits {@code initial}, each further one twice as long, never longer than
 * {@code max}. Used where giving up is not an option (the outbox relay, consumers on a transient database error).
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is shorter than the initial " + initial);
        }
    }

    /**
     * @param failures how many attempts failed in a row (1 after the first failure)
     * @return how long to wait before the next attempt
     */
    public Duration after(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        long maxMillis = max.toMillis();
        long millis = Math.max(1, initial.toMillis());
        for (int doubled = 1; doubled < failures && millis < maxMillis; doubled++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxMillis));
    }
}
