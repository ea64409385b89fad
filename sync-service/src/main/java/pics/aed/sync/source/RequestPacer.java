package pics.aed.sync.source;

import java.util.concurrent.TimeUnit;

/**
 * Spaces requests at least 1/rate seconds apart (a token bucket of size one): callers wait for their slot instead of
 * being refused, which is what a sequential pager wants. SmallRye Fault Tolerance's {@code @RateLimit} refuses
 * excess calls instead of delaying them, so it is not used here.
 */
public final class RequestPacer {

    private final long intervalNanos;
    private long nextSlot = System.nanoTime();

    public RequestPacer(int requestsPerSecond) {
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException("requests per second must be at least 1");
        }
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / requestsPerSecond;
    }

    /** Blocks (worker threads only) until this caller may send. */
    public void acquire() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted", "interrupted while waiting for the request rate limit");
            }
        }
    }
}
