package pics.aed.monitoring.live.stream;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client's stream: a publisher with a bounded queue. The HTTP layer requests the next item only when the previous
 * one has been written to the socket, so a slow client's items wait here, and when {@code capacity} are waiting
 * {@link #offer} refuses: the hub then disconnects the client instead of letting it grow the heap. One subscriber
 * (the HTTP response); items are handed to it one at a time, never concurrently.
 */
public final class ClientStream implements Flow.Publisher<StreamItem>, Flow.Subscription {

    private final int capacity;
    private final Runnable onCancel;
    private final Queue<StreamItem> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger drainers = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Runnable> whenRoom = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean completing = new AtomicBoolean();
    private volatile Flow.Subscriber<? super StreamItem> downstream;

    ClientStream(int capacity, Runnable onCancel) {
        this.capacity = capacity;
        this.onCancel = onCancel;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super StreamItem> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(this);
            subscriber.onError(new IllegalStateException("a client stream has one subscriber"));
            return;
        }
        downstream = subscriber;
        subscriber.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancel();
            return;
        }
        requested.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        drain();
    }

    @Override
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            queue.clear();
            queued.set(0);
            onCancel.run();
        }
    }

    /** @return false when the client is too far behind (nothing was queued), or gone */
    boolean offer(StreamItem item) {
        if (cancelled.get()) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        queue.offer(item);
        drain();
        return true;
    }

    /** Ends the stream with an error; before the first item it becomes the HTTP answer (e.g. a 503 problem). */
    void fail(Throwable error) {
        if (failure.compareAndSet(null, error)) {
            drain();
        }
    }

    /** Ends the stream once what is queued has been handed over (the client then reconnects with its last id). */
    void complete() {
        if (completing.compareAndSet(false, true)) {
            drain();
        }
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    /** Free places in the queue. */
    int room() {
        return capacity - queued.get();
    }

    /** Runs {@code action} once, as soon as at least half of the queue is free (now, if it is). */
    void whenHalfFree(Runnable action) {
        whenRoom.set(action);
        drain();
    }

    private void drain() {
        if (drainers.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Flow.Subscriber<? super StreamItem> subscriber = downstream;
            if (subscriber != null && !cancelled.get()) {
                deliver(subscriber);
            }
            missed = drainers.addAndGet(-missed);
        } while (missed != 0);
    }

    private void deliver(Flow.Subscriber<? super StreamItem> subscriber) {
        Throwable error = failure.get();
        if (error != null) {
            if (cancelled.compareAndSet(false, true)) {
                queue.clear();
                subscriber.onError(error);
                onCancel.run();
            }
            return;
        }
        while (requested.get() > 0 && !cancelled.get()) {
            StreamItem item = queue.poll();
            if (item == null) {
                break;
            }
            queued.decrementAndGet();
            requested.decrementAndGet();
            subscriber.onNext(item);
        }
        if (completing.get() && queue.isEmpty() && cancelled.compareAndSet(false, true)) {
            subscriber.onComplete();
            onCancel.run();
            return;
        }
        if (queued.get() <= capacity / 2) {
            Runnable action = whenRoom.getAndSet(null);
            if (action != null) {
                action.run();
            }
        }
    }
}
