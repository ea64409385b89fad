package pics.aed.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import pics.aed.events.CloudEvent;
import pics.aed.platform.config.OutboxSettings;
import pics.aed.platform.retry.Backoff;
import pics.aed.platform.sql.UnnestColumns;
import pics.aed.platform.tracing.MessagingSpans;
import pics.aed.platform.tracing.TraceContexts;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and deletes them once the broker acknowledged them.
 * <p>
 * Woken by {@code NOTIFY outbox_<schema>} (sent by a trigger when a transaction that wrote events commits) and by a
 * poll every {@code aedpics.outbox.poll-interval} as a safety net. One relay per schema publishes at a time, across
 * replicas (a transaction-scoped advisory lock). A batch is sent in {@link KeyOrder waves} so that no event of a key
 * reaches its topic after a later event of that key, whatever fails: a refused event stops its key for the batch and
 * stays in the outbox in front of the key's later events, while other keys flow. An event Kafka will always refuse is
 * parked (skipped, counted, alerted) instead of holding its key for ever. Kafka being down leaves the rows where they
 * are and retries with backoff: a request never fails because of the broker, and an event is never lost. Delivery is
 * at least once (a crash between the broker's acknowledgement and the delete republishes the batch); consumers are
 * idempotent on the event id.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String CLAIM_BATCH = """
            SELECT seq, event_id, topic, event_key, event_type, source, subject, data::text AS data, created_at,
                   attempts, traceparent
              FROM outbox WHERE parked_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String DELETE_PUBLISHED = "DELETE FROM outbox WHERE seq = ANY($1)";
    private static final String RECORD_REFUSALS = """
            UPDATE outbox o
               SET attempts = o.attempts + 1, last_error = r.error, parked_at = CASE WHEN r.park THEN now() END
              FROM unnest($1::bigint[], $2::text[], $3::boolean[]) AS r(seq, error, park)
             WHERE o.seq = r.seq""";
    private static final String BACKLOG = """
            SELECT count(*) FILTER (WHERE parked_at IS NULL) AS pending,
                   count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,
                   COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0) AS oldest
              FROM outbox""";
    private static final String HOLD_RELAY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext($1)) AS mine";
    private static final long NOTIFY_COALESCE_MILLIS = 10;

    /** What one batch did; {@code claimed} is 0 when another replica holds the relay or nothing is pending. */
    record BatchOutcome(int claimed, int published, int refused, int parked) {
        static final BatchOutcome NOTHING = new BatchOutcome(0, 0, 0, 0);

        boolean brokerAway() {
            return published == 0 && refused > 0;
        }
    }

    private final Pool pool;
    private final OutboxProducer producer;
    private final Vertx vertx;
    private final String schema;
    private final OutboxSettings settings;
    private final Backoff backoff;
    private final PgConnectOptions listenOptions;
    private final MessagingSpans spans;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean drainAgain = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong parkedNow = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Counter parked;

    private volatile int failuresInARow;
    private volatile long notBeforeMillis;
    private volatile boolean running;
    private long pollTimer = -1;
    private PgSubscriber subscriber;

    public OutboxRelay(
            Pool pool,
            OutboxProducer producer,
            Vertx vertx,
            MeterRegistry registry,
            MessagingSpans spans,
            OutboxSettings settings,
            @ConfigProperty(name = "aedpics.schema") String schema,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.pool = pool;
        this.producer = producer;
        this.vertx = vertx;
        this.schema = schema;
        this.settings = settings;
        this.spans = spans;
        this.backoff = new Backoff(java.time.Duration.ofMillis(500), settings.maxBackoff());
        this.listenOptions = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(username)
                .setPassword(password);
        this.published = Counter.builder("aedpics.outbox.published")
                .description("Events published to Kafka")
                .register(registry);
        this.failures = Counter.builder("aedpics.outbox.publish.failures")
                .description("Event sends Kafka did not acknowledge (the event stays in the outbox and is retried)")
                .register(registry);
        this.parked = Counter.builder("aedpics.outbox.parked")
                .description("Events parked because Kafka keeps refusing them while it takes others")
                .register(registry);
        Gauge.builder("aedpics.outbox.pending", pending, AtomicLong::get)
                .description("Events committed but not yet published (parked ones excluded)")
                .register(registry);
        Gauge.builder("aedpics.outbox.parked.events", parkedNow, AtomicLong::get)
                .description("Parked events waiting for an operator")
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
                                failure.getMessage(), settings.pollInterval()));
        pollTimer = vertx.setPeriodic(settings.pollInterval().toMillis(), tick -> {
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
                .flatMap(outcome ->
                        outcome.published() > 0 ? drainNow() : Uni.createFrom().voidItem());
    }

    private void afterBatch(BatchOutcome outcome) {
        if (outcome.brokerAway()) {
            afterFailure(new IllegalStateException("Kafka acknowledged none of " + outcome.refused() + " events"));
            return;
        }
        failuresInARow = 0;
        draining.set(false);
        if (outcome.claimed() >= settings.batchSize() || outcome.refused() > 0 || drainAgain.getAndSet(false)) {
            requestDrain();
        }
    }

    private void afterFailure(Throwable failure) {
        failuresInARow++;
        long waitMillis = backoff.after(failuresInARow).toMillis();
        notBeforeMillis = System.currentTimeMillis() + waitMillis;
        LOG.warnf("outbox publish failed, retrying in %d ms: %s", waitMillis, failure.getMessage());
        draining.set(false);
    }

    Uni<BatchOutcome> publishBatch() {
        return pool.withTransaction(tx -> holdRelayLock(tx)
                .flatMap(mine -> mine ? claimAndPublish(tx) : Uni.createFrom().item(BatchOutcome.NOTHING)));
    }

    private Uni<BatchOutcome> claimAndPublish(SqlConnection tx) {
        return tx.preparedQuery(CLAIM_BATCH)
                .execute(Tuple.of(settings.batchSize()))
                .map(OutboxRelay::pendingEvents)
                .flatMap(events -> publishInWaves(events).flatMap(results -> settle(tx, events.size(), results)));
    }

    private Uni<WaveResults<PendingEvent>> publishInWaves(List<PendingEvent> events) {
        Uni<WaveResults<PendingEvent>> results = Uni.createFrom().item(WaveResults.none());
        for (List<PendingEvent> wave : KeyOrder.waves(events, PendingEvent::stream)) {
            results = results.flatMap(sofar -> sendWave(sofar.sendable(wave)).map(sofar::plus));
        }
        return results;
    }

    /** Sends a wave at once, each event in a span of the trace of the request that wrote it, and Kafka's verdicts. */
    private Uni<List<WaveResults.Sent<PendingEvent>>> sendWave(List<PendingEvent> wave) {
        if (wave.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Span> sends = new ArrayList<>(wave.size());
        List<ProducerRecord<String, String>> records = new ArrayList<>(wave.size());
        for (PendingEvent event : wave) {
            Span span = spans.startSend(event.traceparent(), event.topic(), event.key(), event.event());
            sends.add(span);
            records.add(record(event, MessagingSpans.headerFor(span, event.traceparent())));
        }
        // the verdicts arrive on Kafka's thread; the batch's transaction goes on on the context that opened it
        io.vertx.core.Context relayContext = vertx.getDelegate().getOrCreateContext();
        return Uni.createFrom()
                .completionStage(() -> producer.sendAll(records, settings.ackTimeout()))
                .emitOn(task -> relayContext.runOnContext(ignored -> task.run()))
                .map(verdicts -> sent(wave, sends, verdicts.failures()));
    }

    private static List<WaveResults.Sent<PendingEvent>> sent(
            List<PendingEvent> wave, List<Span> sends, List<Throwable> failures) {
        List<WaveResults.Sent<PendingEvent>> sent = new ArrayList<>(wave.size());
        for (int i = 0; i < wave.size(); i++) {
            MessagingSpans.end(sends.get(i), failures.get(i));
            sent.add(new WaveResults.Sent<>(wave.get(i), failures.get(i)));
        }
        return sent;
    }

    /** Deletes what Kafka took; counts each refusal on its row and parks the events Kafka will keep refusing. */
    private Uni<BatchOutcome> settle(SqlConnection tx, int claimed, WaveResults<PendingEvent> results) {
        List<WaveResults.Refused<PendingEvent>> refused = results.refused();
        boolean othersGotThrough = !results.acked().isEmpty();
        List<RefusalRow> refusals = refused.stream()
                .map(refusal -> refusalRow(refusal, othersGotThrough))
                .toList();
        Long[] acked = results.acked().stream().map(PendingEvent::seq).toArray(Long[]::new);
        int parking = (int) refusals.stream().filter(RefusalRow::park).count();
        return deletePublished(tx, acked)
                .chain(() -> recordRefusals(tx, refusals))
                .map(done -> new BatchOutcome(claimed, acked.length, refused.size(), parking))
                .invoke(outcome -> count(outcome, refused));
    }

    /** What a refusal leaves on its outbox row: one more attempt, the error, and whether the row is parked. */
    private record RefusalRow(long seq, String error, boolean park) {}

    private RefusalRow refusalRow(WaveResults.Refused<PendingEvent> refusal, boolean othersGotThrough) {
        return new RefusalRow(
                refusal.event().seq(),
                PublishFailures.describe(refusal.failure()),
                PublishFailures.shouldPark(
                        refusal.failure(),
                        refusal.event().attempts() + 1,
                        settings.parkAfterAttempts(),
                        othersGotThrough));
    }

    private Uni<Void> deletePublished(SqlConnection tx, Long[] seqs) {
        return seqs.length == 0
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery(DELETE_PUBLISHED).execute(Tuple.of(seqs)).replaceWithVoid();
    }

    private Uni<Void> recordRefusals(SqlConnection tx, List<RefusalRow> refusals) {
        return refusals.isEmpty()
                ? Uni.createFrom().voidItem()
                : tx.preparedQuery(RECORD_REFUSALS)
                        .execute(UnnestColumns.of(refusals)
                                .column(Long.class, RefusalRow::seq)
                                .column(String.class, RefusalRow::error)
                                .column(Boolean.class, RefusalRow::park)
                                .tuple())
                        .replaceWithVoid();
    }

    private void count(BatchOutcome outcome, List<WaveResults.Refused<PendingEvent>> refused) {
        published.increment(outcome.published());
        failures.increment(outcome.refused());
        parked.increment(outcome.parked());
        for (WaveResults.Refused<PendingEvent> refusal : refused) {
            PendingEvent event = refusal.event();
            LOG.warnf(
                    "outbox event %s (seq %d, %s key %s, attempt %d) refused by Kafka: %s",
                    event.event().id(),
                    event.seq(),
                    event.topic(),
                    event.key(),
                    event.attempts() + 1,
                    PublishFailures.describe(refusal.failure()));
        }
        if (outcome.parked() > 0) {
            LOG.errorf(
                    "%d outbox event(s) parked: Kafka keeps refusing them; see docs/operations.md \"An event is parked\"",
                    outcome.parked());
        }
    }

    private Uni<Boolean> holdRelayLock(SqlConnection tx) {
        return tx.preparedQuery(HOLD_RELAY_LOCK)
                .execute(Tuple.of("aedpics.outbox-relay." + schema))
                .map(rows -> rows.iterator().next().getBoolean("mine"));
    }

    private static List<PendingEvent> pendingEvents(RowSet<Row> rows) {
        List<PendingEvent> events = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            CloudEvent event = new CloudEvent(
                    row.getString("event_id"),
                    row.getString("source"),
                    row.getString("event_type"),
                    row.getString("subject"),
                    row.getOffsetDateTime("created_at"),
                    row.getString("data"));
            events.add(new PendingEvent(
                    row.getLong("seq"),
                    row.getString("topic"),
                    row.getString("event_key"),
                    event,
                    row.getInteger("attempts"),
                    row.getString("traceparent")));
        }
        return events;
    }

    /**
     * An event as a binary-mode CloudEvent record; {@code traceparent}, when the event was written in a trace, travels
     * as the CloudEvents distributed-tracing header of that name (docs/events.md).
     */
    private static ProducerRecord<String, String> record(PendingEvent pending, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        pending.event().headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        if (traceparent != null) {
            headers.add(TraceContexts.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(
                pending.topic(), null, pending.key(), pending.event().data(), headers);
    }

    private void refreshBacklog() {
        pool.query(BACKLOG)
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            Row row = rows.iterator().next();
                            pending.set(row.getLong("pending"));
                            parkedNow.set(row.getLong("parked"));
                            oldestAgeSeconds.set(row.getNumeric("oldest").longValue());
                        },
                        failure -> LOG.debugf("outbox backlog not readable: %s", failure.getMessage()));
    }
}
