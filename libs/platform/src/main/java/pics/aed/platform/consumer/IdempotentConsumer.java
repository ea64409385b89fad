package pics.aed.platform.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Applies an event's effect at most once per consumer: the event id is recorded in {@code processed_events} in the
 * same transaction as the effect, so a redelivery (Kafka is at-least-once, the outbox relay may republish) finds the
 * id and changes nothing, and a failed effect leaves no id behind and is retried.
 */
@Singleton
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    private static final String REMEMBER = """
            INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING""";

    private final Pool pool;
    private final MeterRegistry registry;

    public IdempotentConsumer(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    /**
     * Acknowledges the message when {@code work} succeeded; otherwise logs where the record sits and nacks it, so the
     * channel's failure strategy decides (aedpics consumers stop rather than skip an effect).
     */
    public static Uni<Void> settle(Message<?> message, Uni<?> work) {
        return work.onItemOrFailure().transformToUni((done, failure) -> {
            if (failure == null) {
                return Uni.createFrom().completionStage(message.ack());
            }
            String where = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(kafka -> kafka.getTopic() + "/" + kafka.getPartition() + "@" + kafka.getOffset())
                    .orElse("an unknown record");
            LOG.errorf(failure, "event at %s could not be applied; nacked", where);
            return Uni.createFrom().completionStage(message.nack(failure));
        });
    }

    /**
     * @param consumer a stable name of the consuming use case (two consumers of one topic keep separate records)
     * @param effect   the change, run in the transaction that records the event id
     * @return true when the effect ran, false when the event had already been processed
     */
    public Uni<Boolean> processOnce(String consumer, IncomingEvent event, Function<SqlConnection, Uni<Void>> effect) {
        return pool.withTransaction(tx -> tx.preparedQuery(REMEMBER)
                        .execute(Tuple.of(consumer, event.id()))
                        .flatMap(rows -> rows.rowCount() == 0
                                ? Uni.createFrom().item(false)
                                : effect.apply(tx).replaceWith(true)))
                .invoke(applied -> {
                    registry.counter(
                                    "aedpics.events.consumed",
                                    "consumer",
                                    consumer,
                                    "outcome",
                                    applied ? "applied" : "duplicate")
                            .increment();
                    if (!applied) {
                        LOG.debugf("%s: event %s (%s) already processed, skipped", consumer, event.id(), event.type());
                    }
                });
    }
}
