package pics.aed.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pics.aed.events.CloudEvent;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and deletes them once the broker acknowledged them.
 * <p>
 * Woken by {@code NOTIFY outbox_<schema>} (sent by a trigger when a transaction that wrote events commits) and by a
 * poll every {@code aedpics.outbox.poll-interval} as a safety net. One relay per schema publishes at a time, across
 * replicas (a transaction-scoped advisory lock), so events of one key keep their order. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}. Kafka being down leaves the rows where they are and retries with backoff: a request
 * never fails because of the broker, and an event is never lost. Delivery is at least once (a crash between the
 * broker's acknowledgement and the delete republishes the batch); consumers are idempotent on the event id.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String CLAIM_BATCH = """
            SELECT seq, event_id, topic, event_key, event_type, source, subject, data::text AS data, created_at
              FROM outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String DELETE_PUBLISHED = "DELETE FROM outbox WHERE seq = ANY($1)";
    private static final String RECORD_FAILURE = """
            UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1)""";
    private static final String BACKLOG = """
            SELECT count(*) AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) AS oldest FROM outbox""";
    private static final long NOTIFY_COALESCE_MILLIS = 10;
    /** Waits longer than the producer's own delivery timeout, so the broker's verdict always comes first. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final Emitter<String> emitter;
    private final Vertx vertx;
    private final String schema;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration maxBackoff;
    private final PgConnectOptions listenOptions;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean drainAgain = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final Counter published;
    private final Counter failures;

    private volatile long backoffMillis;
    private volatile long notBeforeMillis;
    private volatile boolean running;
    private long pollTimer = -1;
    private PgSubscriber subscriber;

    public OutboxRelay(
            Pool pool,
            @Channel("aedpics-outbox") Emitter<String> emitter,
            Vertx vertx,
            MeterRegistry registry,
            @ConfigProperty(name = "aedpics.schema") String schema,
            @ConfigProperty(name = "aedpics.outbox.batch-size") int batchSize,
            @ConfigProperty(name = "aedpics.outbox.poll-interval") Duration pollInterval,
            @ConfigProperty(name = "aedpics.outbox.max-backoff") Duration maxBackoff,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.pool = pool;
        this.emitter = emitter;
        this.vertx = vertx;
        this.schema = schema;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.maxBackoff = maxBackoff;
        this.listenOptions = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(username)
                .setPassword(password);
        this.published = Counter.builder("aedpics.outbox.published")
                .description("Events published to Kafka")
                .register(registry);
        this.failures = Counter.builder("aedpics.outbox.publish.failures")
                .description("Batches that Kafka did not acknowledge (retried)")
                .register(registry);
        Gauge.builder("aedpics.outbox.pending", pending, AtomicLong::get)
                .description("Events committed but not yet published")
                .register(registry);
        Gauge.builder("aedpics.outbox.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest unpublished event; grows while Kafka is unreachable")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(attempt -> 1000L);
        subscriber.channel("outbox_" + schema).handler(payload -> drainSoon());
        subscriber
                .connect()
                .subscribe()
                .with(
                        ok -> requestDrain(),
                        failure -> LOG.warnf(
                                "outbox LISTEN unavailable (%s); relying on the %s poll",
                                failure.getMessage(), pollInterval));
        pollTimer = vertx.setPeriodic(pollInterval.toMillis(), tick -> {
            refreshBacklog();
            requestDrain();
        });
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /**
     * A commit notified us: drain after a few milliseconds, so that the events of concurrent commits travel in one
     * batch (one relay transaction per burst, not per request) at a cost of milliseconds of latency.
     */
    private void drainSoon() {
        if (drainScheduled.compareAndSet(false, true)) {
            vertx.setTimer(NOTIFY_COALESCE_MILLIS, timer -> {
                drainScheduled.set(false);
                requestDrain();
            });
        }
    }

    /** Publishes everything committed so far, unless a drain is already running (it will look again). */
    public void requestDrain() {
        if (!running || System.currentTimeMillis() < notBeforeMillis) {
            return;
        }
        if (!draining.compareAndSet(false, true)) {
            drainAgain.set(true);
            return;
        }
        drainAgain.set(false);
        publishBatch().subscribe().with(this::afterBatch, this::afterFailure);
    }

    /** For tests and operators: publish until the outbox is empty or Kafka refuses. */
    public Uni<Void> drainNow() {
        return publishBatch()
                .flatMap(count -> count > 0 ? drainNow() : Uni.createFrom().voidItem());
    }

    private void afterBatch(int count) {
        backoffMillis = 0;
        draining.set(false);
        if (count >= batchSize || drainAgain.getAndSet(false)) {
            requestDrain();
        }
    }

    private void afterFailure(Throwable failure) {
        failures.increment();
        backoffMillis = backoffMillis == 0 ? 500 : Math.min(backoffMillis * 2, maxBackoff.toMillis());
        notBeforeMillis = System.currentTimeMillis() + backoffMillis;
        LOG.warnf("outbox publish failed, retrying in %d ms: %s", backoffMillis, failure.getMessage());
        draining.set(false);
    }

    /** @return how many events were published (0 when another replica holds the relay or nothing is pending) */
    Uni<Integer> publishBatch() {
        List<Long> claimed = new ArrayList<>();
        return pool.withTransaction(tx -> holdRelayLock(tx)
                        .flatMap(mine -> mine
                                ? tx.preparedQuery(CLAIM_BATCH)
                                        .execute(Tuple.of(batchSize))
                                        .flatMap(rows -> publish(tx, rows, claimed))
                                : Uni.createFrom().item(0)))
                // after the rollback released the rows: count the attempt where an operator will look for it
                .onFailure()
                .call(failure -> recordFailure(claimed, failure));
    }

    private Uni<Integer> publish(SqlConnection tx, Iterable<Row> rows, List<Long> claimed) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Row row : rows) {
            claimed.add(row.getLong("seq"));
            acks.add(send(row));
        }
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.createFrom()
                .completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .ifNoItem()
                .after(ACK_TIMEOUT)
                .fail()
                .flatMap(acked -> tx.preparedQuery(DELETE_PUBLISHED).execute(Tuple.of(claimed.toArray(Long[]::new))))
                .invoke(() -> published.increment(claimed.size()))
                .replaceWith(claimed.size());
    }

    private Uni<Boolean> holdRelayLock(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext($1)) AS mine")
                .execute(Tuple.of("aedpics.outbox-relay." + schema))
                .map(rows -> rows.iterator().next().getBoolean("mine"));
    }

    private Uni<Void> recordFailure(List<Long> seqs, Throwable failure) {
        if (seqs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String reason = String.valueOf(failure.getMessage());
        return pool.preparedQuery(RECORD_FAILURE)
                .execute(Tuple.of(seqs.toArray(Long[]::new), reason.length() > 500 ? reason.substring(0, 500) : reason))
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }

    private CompletableFuture<Void> send(Row row) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OffsetDateTime time = row.getOffsetDateTime("created_at");
        CloudEvent event = new CloudEvent(
                row.getString("event_id"),
                row.getString("source"),
                row.getString("event_type"),
                row.getString("subject"),
                time,
                row.getString("data"));
        RecordHeaders headers = new RecordHeaders();
        event.headers()
                .forEach((name, value) -> headers.add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("event_key"))
                .withHeaders(headers)
                .build();
        Message<String> message = Message.of(event.data())
                .addMetadata(metadata)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException refused) {
            acked.completeExceptionally(refused);
        }
        return acked;
    }

    private void refreshBacklog() {
        pool.query(BACKLOG)
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            Row row = rows.iterator().next();
                            pending.set(row.getLong("pending"));
                            oldestAgeSeconds.set(row.getNumeric("oldest").longValue());
                        },
                        failure -> LOG.debugf("outbox backlog not readable: %s", failure.getMessage()));
    }
}
