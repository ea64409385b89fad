package pics.aed.monitoring.domain;

import java.time.Duration;

/** How long a failed webhook delivery waits before its next attempt: doubling from the first wait, up to a cap. */
public record Backoff(Duration initial, Duration max) {

    /** @param failedAttempts how many attempts have failed so far (1 after the first failure) */
    public Duration after(int failedAttempts) {
        if (failedAttempts <= 1) {
            return min(initial, max);
        }
        // 2^20 times any sensible initial wait is far beyond any sensible cap; stop doubling there.
        int doublings = Math.min(failedAttempts - 1, 20);
        return min(initial.multipliedBy(1L << doublings), max);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
