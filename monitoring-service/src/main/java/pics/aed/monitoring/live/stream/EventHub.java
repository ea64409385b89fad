package pics.aed.monitoring.live.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import pics.aed.monitoring.live.config.LiveStreamConfig;
import pics.aed.monitoring.live.domain.LiveEvent;
import pics.aed.monitoring.live.domain.ResumePoint;
import pics.aed.monitoring.live.domain.StreamFilter;
import pics.aed.monitoring.live.store.EventLogStore;
import pics.aed.platform.problem.Problems;

/**
 * Follows the event log and fans each new entry out to this replica's subscribers.
 * <p>
 * One reader per replica, woken by the log's NOTIFY (and a poll as a safety net), reads the entries after the highest
 * position it has seen; because positions become visible in order (V20), "after the highest seen" never skips one.
 * The newest {@code recent-events} entries stay in memory: a subscriber resuming from within them is served from
 * memory, one further behind first catches up from the database page by page (each page only when its queue has room
 * for it), then joins the live fan-out. Every subscriber has a cursor (the last position it was given or passed
 * over), so it receives each position at most once and in order, whichever path it came by.
 * <p>
 * All state lives on one thread ({@code aedpics-live-hub}); writing to a socket is asynchronous, so a slow client
 * costs that thread nothing but a refused {@link ClientStream#offer}, after which the client is disconnected.
 */
@Singleton
public class EventHub {

    private static final Logger LOG = Logger.getLogger(EventHub.class);

    private final EventLogStore store;
    private final LiveStreamConfig config;
    private final Vertx vertx;
    private final String schema;
    private final PgConnectOptions listenOptions;
    private final ExecutorService hubThread = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "aedpics-live-hub");
        thread.setDaemon(true);
        return thread;
    });

    // Owned by the hub thread.
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    private final ArrayDeque<LiveEvent> recent = new ArrayDeque<>();
    private long recentFloor;
    private boolean started;
    private final List<Runnable> waitingForStart = new ArrayList<>();

    private volatile long head;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean readAgain = new AtomicBoolean();
    private final AtomicInteger subscriberCount = new AtomicInteger();
    private final Counter slowDisconnects;
    private final Counter delivered;
    private PgSubscriber listener;
    private long pollTimer = -1;
    private long heartbeatTimer = -1;

    public EventHub(
            EventLogStore store,
            LiveStreamConfig config,
            Vertx vertx,
            MeterRegistry registry,
            @ConfigProperty(name = "aedpics.schema") String schema,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.store = store;
        this.config = config;
        this.vertx = vertx;
        this.schema = schema;
        this.listenOptions = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(username)
                .setPassword(password);
        Gauge.builder("aedpics.live.subscribers", subscriberCount, AtomicInteger::get)
                .description("Clients connected to the live event stream on this replica")
                .register(registry);
        Gauge.builder("aedpics.live.head", this, hub -> hub.head)
                .description("Highest event-log position this replica has read")
                .register(registry);
        this.slowDisconnects = Counter.builder("aedpics.live.slow.disconnects")
                .description("Clients disconnected because they fell too far behind")
                .register(registry);
        this.delivered = Counter.builder("aedpics.live.delivered")
                .description("Events queued to clients")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        listener = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(attempt -> 1000L);
        listener.channel("event_log_" + schema).handler(payload -> readNew());
        listener.connect()
                .subscribe()
                .with(
                        ok -> readNew(),
                        failure -> LOG.warnf(
                                "event log LISTEN unavailable (%s); relying on the %s poll",
                                failure.getMessage(), config.pollInterval()));
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), tick -> readNew());
        heartbeatTimer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), tick -> onHubThread(this::heartbeat));
        loadHead();
    }

    void stop(@Observes ShutdownEvent event) {
        disconnectAll();
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        if (listener != null) {
            listener.closeAndForget();
        }
        hubThread.shutdown();
        try {
            hubThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends every stream of this replica cleanly (at shutdown, so that clients reconnect to another replica at once
     * instead of waiting for a dead connection to time out); each resumes where it was with Last-Event-ID.
     */
    public void disconnectAll() {
        onHubThread(() -> {
            for (Subscriber subscriber : List.copyOf(subscribers)) {
                remove(subscriber);
                subscriber.stream.complete();
            }
        });
    }

    /** The highest position this replica has read from the log. */
    public long head() {
        return head;
    }

    /**
     * A new subscriber's stream: a hello comment (with the reconnect delay), a reset when its position is gone, then
     * every event after {@code resume.after()} that {@code filter} delivers.
     *
     * @param disconnect closes the client's connection (called when it falls too far behind)
     */
    public ClientStream subscribe(StreamFilter filter, ResumePoint resume, Runnable disconnect) {
        Subscriber subscriber = new Subscriber(filter, resume.after(), disconnect);
        ClientStream stream = new ClientStream(config.clientBuffer(), () -> onHubThread(() -> remove(subscriber)));
        subscriber.stream = stream;
        onHubThread(() -> whenStarted(() -> admit(subscriber, resume)));
        return stream;
    }

    private void admit(Subscriber subscriber, ResumePoint resume) {
        if (subscriber.stream.isCancelled()) {
            return;
        }
        if (subscribers.size() >= config.maxSubscribers()) {
            subscriber.stream.fail(Problems.unavailable("The live stream has its maximum of " + config.maxSubscribers()
                    + " clients on this replica; retry shortly."));
            return;
        }
        subscribers.add(subscriber);
        subscriberCount.set(subscribers.size());
        offer(subscriber, new StreamItem.Comment("aedpics live events", 3000));
        if (resume.reset()) {
            offer(subscriber, new StreamItem.Reset(resume.after(), resume.lastEventId()));
        }
        advance(subscriber);
    }

    /** Moves a subscriber forward: from memory when its cursor is within it, else one page from the database. */
    private void advance(Subscriber subscriber) {
        if (!subscribers.contains(subscriber) || subscriber.catchingUp) {
            return;
        }
        if (subscriber.cursor >= recentFloor) {
            subscriber.live = true;
            deliverRecent(subscriber);
            return;
        }
        int room = subscriber.stream.room();
        if (room < Math.min(config.pageSize(), config.clientBuffer() / 2)) {
            subscriber.stream.whenHalfFree(() -> onHubThread(() -> advance(subscriber)));
            return;
        }
        int limit = Math.min(config.pageSize(), room);
        long upTo = recentFloor;
        subscriber.catchingUp = true;
        store.readAfter(subscriber.cursor, upTo, limit)
                .subscribe()
                .with(
                        page -> onHubThread(() -> caughtUpPage(subscriber, page, limit, upTo)),
                        failure -> onHubThread(() -> {
                            LOG.warnf(
                                    "live stream catch-up failed, disconnecting the client: %s", failure.getMessage());
                            disconnect(subscriber);
                        }));
    }

    private void caughtUpPage(Subscriber subscriber, List<LiveEvent> page, int limit, long upTo) {
        subscriber.catchingUp = false;
        if (!subscribers.contains(subscriber)) {
            return;
        }
        for (LiveEvent event : page) {
            if (!deliver(subscriber, event)) {
                return;
            }
        }
        if (page.size() < limit) {
            // Nothing else up to upTo: the rest are gaps of rolled-back appends.
            subscriber.cursor = Math.max(subscriber.cursor, upTo);
        }
        advance(subscriber);
    }

    private void deliverRecent(Subscriber subscriber) {
        List<LiveEvent> newer = new ArrayList<>();
        Iterator<LiveEvent> newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext()) {
            LiveEvent event = newestFirst.next();
            if (event.position() <= subscriber.cursor) {
                break;
            }
            newer.add(event);
        }
        for (int i = newer.size() - 1; i >= 0; i--) {
            if (!deliver(subscriber, newer.get(i))) {
                return;
            }
        }
    }

    /** @return false when the subscriber was disconnected */
    private boolean deliver(Subscriber subscriber, LiveEvent event) {
        if (event.position() <= subscriber.cursor) {
            return true;
        }
        subscriber.cursor = event.position();
        if (!subscriber.filter.delivers(event)) {
            return true;
        }
        delivered.increment();
        return offer(subscriber, new StreamItem.Event(event));
    }

    private boolean offer(Subscriber subscriber, StreamItem item) {
        if (subscriber.stream.offer(item)) {
            return true;
        }
        if (!subscriber.stream.isCancelled()) {
            slowDisconnects.increment();
            LOG.infof(
                    "live stream client (%s) is %d events behind; disconnected (it resumes with Last-Event-ID)",
                    subscriber.filter.caller().id(), config.clientBuffer());
        }
        disconnect(subscriber);
        return false;
    }

    private void disconnect(Subscriber subscriber) {
        remove(subscriber);
        subscriber.stream.cancel();
        subscriber.disconnect.run();
    }

    private void remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
        subscriberCount.set(subscribers.size());
    }

    private void heartbeat() {
        StreamItem beat = new StreamItem.Comment("heartbeat", 0);
        for (Subscriber subscriber : List.copyOf(subscribers)) {
            offer(subscriber, beat);
        }
    }

    private void loadHead() {
        store.horizon()
                .subscribe()
                .with(
                        horizon -> onHubThread(() -> {
                            head = horizon.head();
                            recentFloor = horizon.head();
                            started = true;
                            waitingForStart.forEach(Runnable::run);
                            waitingForStart.clear();
                            readNew();
                        }),
                        failure -> {
                            LOG.warnf("event log head unavailable (%s); retrying", failure.getMessage());
                            vertx.setTimer(1000, retry -> loadHead());
                        });
    }

    private void whenStarted(Runnable action) {
        if (started) {
            action.run();
        } else {
            waitingForStart.add(action);
        }
    }

    /** Reads what was appended after the head, page after page; at most one read at a time. */
    void readNew() {
        if (!started) {
            return;
        }
        if (!reading.compareAndSet(false, true)) {
            readAgain.set(true);
            return;
        }
        readAgain.set(false);
        store.readAfter(head, Long.MAX_VALUE, config.pageSize())
                .subscribe()
                .with(
                        page -> onHubThread(() -> {
                            fanOut(page);
                            reading.set(false);
                            if (page.size() >= config.pageSize() || readAgain.get()) {
                                readNew();
                            }
                        }),
                        failure -> {
                            LOG.warnf("event log read failed (%s); the next poll retries", failure.getMessage());
                            reading.set(false);
                        });
    }

    private void fanOut(List<LiveEvent> page) {
        if (page.isEmpty()) {
            return;
        }
        for (LiveEvent event : page) {
            recent.addLast(event);
            if (recent.size() > config.recentEvents()) {
                recentFloor = recent.removeFirst().position();
            }
        }
        head = page.get(page.size() - 1).position();
        for (Subscriber subscriber : List.copyOf(subscribers)) {
            if (subscriber.live) {
                for (LiveEvent event : page) {
                    if (!deliver(subscriber, event)) {
                        break;
                    }
                }
            }
        }
    }

    private void onHubThread(Runnable action) {
        try {
            hubThread.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("live stream hub task failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            LOG.debug("live stream hub is stopping; task dropped");
        }
    }

    /** One subscriber's place in the log; touched only on the hub thread. */
    private static final class Subscriber {
        final StreamFilter filter;
        final Runnable disconnect;
        ClientStream stream;
        long cursor;
        boolean live;
        boolean catchingUp;

        Subscriber(StreamFilter filter, long cursor, Runnable disconnect) {
            this.filter = filter;
            this.cursor = cursor;
            this.disconnect = disconnect;
        }
    }
}
