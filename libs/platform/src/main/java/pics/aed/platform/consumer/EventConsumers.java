package pics.aed.platform.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pics.aed.platform.config.ConsumerSettings;
import pics.aed.platform.retry.Backoff;
import pics.aed.platform.retry.TransientFailures;

/**
 * The one way an aedpics service consumes events. A channel configured with {@code batch=true} hands over each
 * polled batch; for it this
 * <ol>
 *   <li>decodes every record into the handler's payload record of libs/events, and sends a record that is not a
 *       CloudEvent or whose data is not that record to the consumer's dead-letter topic;</li>
 *   <li>in ONE transaction records the batch's event ids in {@code processed_events} (a redelivered id is found and
 *       its effect skipped) and applies the effect of each new event, in record order;</li>
 *   <li>retries that transaction with backoff, indefinitely, when it failed for a transient reason (the database
 *       away, a deadlock, a lock timeout): the channel never stops because PostgreSQL restarted;</li>
 *   <li>when it failed for any other reason, applies the batch's events one transaction each, so that only the event
 *       whose effect fails goes to dead letters and every other one is applied;</li>
 *   <li>acknowledges the batch (commits its offsets) only after all of that.</li>
 * </ol>
 * Delivery stays at least once and effects happen exactly once per consumer and event id. Counted as
 * {@code aedpics.events.consumed{consumer,outcome}} (applied, duplicate, not_handled, dead_lettered) and
 * {@code aedpics.events.retries{consumer}}; docs/operations.md says when to alert.
 */
@Singleton
public class EventConsumers {

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);

    private static final String REMEMBER = """
            INSERT INTO processed_events (consumer, event_id)
            SELECT $1, event_id FROM unnest($2::text[]) AS event_id
            ON CONFLICT ON CONSTRAINT processed_events_pkey DO NOTHING
            RETURNING event_id""";

    private final Pool pool;
    private final EventDecoder decoder;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final Config config;
    private final Backoff backoff;

    public EventConsumers(
            Pool pool,
            ObjectMapper json,
            DeadLetters deadLetters,
            MeterRegistry registry,
            Vertx vertx,
            Config config,
            ConsumerSettings settings) {
        this.pool = pool;
        this.decoder = new EventDecoder(json);
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.vertx = vertx;
        this.config = config;
        this.backoff = new Backoff(settings.retryInitialBackoff(), settings.retryMaxBackoff());
    }

    /**
     * Consumes one polled batch of a channel configured with {@code batch=true}; completes when the batch is
     * acknowledged. Call it from the service's {@code @Incoming} method and return its result.
     */
    public Uni<Void> consume(EventHandler handler, Message<List<String>> batch) {
        IncomingKafkaRecordBatchMetadata<?, ?> kafka = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException(
                        "consumer " + handler.name() + " needs a Kafka channel configured with batch=true"));
        Worker consumer = new Worker(handler, consumerGroup(kafka.getChannel()));
        ConsumedBatch decoded = ConsumedBatch.decode(records(kafka), decoder, handler);
        count(handler, "not_handled", decoded.notHandled());
        return consumer.deadLetterAll(decoded.undecodable())
                .chain(() -> consumer.applyBatch(decoded.decoded()))
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    private static List<ConsumedRecord> records(IncomingKafkaRecordBatchMetadata<?, ?> kafka) {
        List<ConsumedRecord> records = new ArrayList<>(kafka.count());
        for (ConsumerRecord<?, ?> record : kafka.getRecords()) {
            records.add(ConsumedRecord.of(record));
        }
        return records;
    }

    /** The channel's consumer group: it names the dead-letter topic, as Kafka's tools name the consumer. */
    private String consumerGroup(String channel) {
        return config.getOptionalValue("mp.messaging.incoming." + channel + ".group.id", String.class)
                .orElseGet(() -> config.getValue("quarkus.application.name", String.class) + "." + channel);
    }

    private void count(EventHandler handler, String outcome, int events) {
        if (events > 0) {
            registry.counter("aedpics.events.consumed", "consumer", handler.name(), "outcome", outcome)
                    .increment(events);
        }
    }

    /** One batch's work for one handler. */
    private final class Worker {

        private final EventHandler handler;
        private final String group;

        Worker(EventHandler handler, String group) {
            this.handler = handler;
            this.group = group;
        }

        Uni<Void> applyBatch(List<Decoding.Decoded> events) {
            if (events.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return retryingTransient(() -> applyInOneTransaction(events))
                    .onFailure()
                    .recoverWithUni(failure -> isolate(events, failure));
        }

        /** Some event of the batch cannot be applied: one transaction per event finds it and lets the others pass. */
        private Uni<Void> isolate(List<Decoding.Decoded> events, Throwable failure) {
            if (events.size() == 1) {
                return deadLetter(events.get(0).record(), failure);
            }
            LOG.warnf(
                    "%s: a batch of %d events failed (%s); applying them one at a time",
                    handler.name(), events.size(), failure.getMessage());
            return Multi.createFrom()
                    .iterable(events)
                    .onItem()
                    .transformToUniAndConcatenate(
                            event -> retryingTransient(() -> applyInOneTransaction(List.of(event)))
                                    .onFailure()
                                    .recoverWithUni(alone -> deadLetter(event.record(), alone)))
                    .collect()
                    .last()
                    .replaceWithVoid();
        }

        private Uni<Void> applyInOneTransaction(List<Decoding.Decoded> events) {
            List<String> ids = events.stream().map(Decoding.Decoded::id).toList();
            return pool.withTransaction(tx -> remember(tx, ids)
                            .map(newIds -> ConsumedBatch.toApply(events, newIds))
                            .call(fresh -> applyInOrder(tx, fresh)))
                    .invoke(applied -> {
                        count(handler, "applied", applied.size());
                        count(handler, "duplicate", events.size() - applied.size());
                    })
                    .replaceWithVoid();
        }

        private Uni<List<String>> remember(SqlConnection tx, List<String> ids) {
            return tx.preparedQuery(REMEMBER)
                    .execute(Tuple.of(handler.name(), ids.toArray(String[]::new)))
                    .map(rows -> {
                        List<String> newIds = new ArrayList<>(rows.rowCount());
                        for (Row row : rows) {
                            newIds.add(row.getString("event_id"));
                        }
                        return newIds;
                    });
        }

        private Uni<Void> applyInOrder(SqlConnection tx, List<Decoding.Decoded> events) {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (List<Decoding.Decoded> run : ConsumedBatch.runs(events)) {
                chain = chain.chain(() -> Decoding.Decoded.applyRun(tx, run));
            }
            return chain;
        }

        Uni<Void> deadLetterAll(List<Decoding.Undecodable> poison) {
            return Multi.createFrom()
                    .iterable(poison)
                    .onItem()
                    .transformToUniAndConcatenate(record -> deadLetter(record.record(), record.error()))
                    .collect()
                    .last()
                    .replaceWithVoid();
        }

        private Uni<Void> deadLetter(ConsumedRecord record, Throwable error) {
            LOG.errorf(
                    error,
                    "%s: event at %s cannot be applied; sent to %s",
                    handler.name(),
                    record.position(),
                    pics.aed.events.Topics.deadLetters(record.topic(), group));
            return retryingKafka(() -> deadLetters.publish(group, record, error))
                    .invoke(() -> count(handler, "dead_lettered", 1));
        }

        /** Retries while the failure is transient; any other failure is passed on at once. */
        private Uni<Void> retryingTransient(Supplier<Uni<Void>> attempt) {
            return retrying(attempt, 1, TransientFailures::isTransient);
        }

        /** A dead letter that Kafka did not take is retried until it does: the record is not acknowledged before. */
        private Uni<Void> retryingKafka(Supplier<Uni<Void>> attempt) {
            return retrying(attempt, 1, failure -> true);
        }

        private Uni<Void> retrying(
                Supplier<Uni<Void>> attempt, int failures, java.util.function.Predicate<Throwable> retryable) {
            return Uni.createFrom().deferred(attempt::get).onFailure(retryable).recoverWithUni(failure -> {
                Duration delay = backoff.after(failures);
                registry.counter("aedpics.events.retries", "consumer", handler.name())
                        .increment();
                LOG.warnf(
                        "%s: attempt %d failed (%s), retrying in %d ms",
                        handler.name(), failures, failure.getMessage(), delay.toMillis());
                return sleep(delay).chain(() -> retrying(attempt, failures + 1, retryable));
            });
        }
    }

    private Uni<Void> sleep(Duration delay) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(delay.toMillis(), timer -> emitter.complete(null)));
    }
}
