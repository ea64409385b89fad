package pics.aed.monitoring.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The SQL of {@code monitoring.webhook_deliveries}, the webhook's own outbox. */
@Singleton
public class DeliveryStore {

    private static final String ENQUEUE = """
            INSERT INTO webhook_deliveries (alert_id, transition, payload) VALUES ($1, $2, $3::text::json)
            ON CONFLICT ON CONSTRAINT webhook_deliveries_once_per_transition DO NOTHING""";

    /**
     * The waiting messages in the order they were written, up to the first one still backing off: the queue waits
     * behind its head, so that a firing message is never overtaken by its resolution.
     */
    private static final String DUE = """
            SELECT id, payload::text AS payload, attempts FROM webhook_deliveries
             WHERE delivered_at IS NULL
               AND id < coalesce((SELECT min(id) FROM webhook_deliveries
                                   WHERE delivered_at IS NULL AND next_attempt_at > now()), 9223372036854775807)
             ORDER BY id LIMIT $1""";

    private static final String DELIVERED =
            "UPDATE webhook_deliveries SET delivered_at = now(), attempts = attempts + 1, last_error = NULL"
                    + " WHERE id = $1 AND delivered_at IS NULL";

    private static final String FAILED = """
            UPDATE webhook_deliveries
               SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3)
             WHERE id = $1 AND delivered_at IS NULL""";

    private static final String PENDING = "SELECT count(*) AS n FROM webhook_deliveries WHERE delivered_at IS NULL";

    private static final String FORGET_DELIVERED = """
            DELETE FROM webhook_deliveries WHERE delivered_at < now() - make_interval(secs => $1)""";

    /** A message waiting to be posted. */
    public record Delivery(long id, String payload, int attempts) {}

    public Uni<Void> enqueue(SqlClient tx, UUID alertId, String transition, String payload) {
        return tx.preparedQuery(ENQUEUE)
                .execute(Tuple.of(alertId, transition, payload))
                .replaceWithVoid();
    }

    public Uni<List<Delivery>> due(SqlClient client, int limit) {
        return client.preparedQuery(DUE)
                .execute(Tuple.of(limit))
                .map(rows -> AuditStore.mapAll(
                        rows,
                        row -> new Delivery(row.getLong("id"), row.getString("payload"), row.getInteger("attempts"))));
    }

    public Uni<Void> delivered(SqlClient client, long id) {
        return client.preparedQuery(DELIVERED)
                .execute(Tuple.of(id))
                .invoke(rows -> requireOne(rows.rowCount(), id))
                .replaceWithVoid();
    }

    public Uni<Void> failed(SqlClient client, long id, String error, Duration retryAfter) {
        return client.preparedQuery(FAILED)
                .execute(Tuple.of(id, error, retryAfter.toMillis() / 1000.0))
                .invoke(rows -> requireOne(rows.rowCount(), id))
                .replaceWithVoid();
    }

    public Uni<Long> pending(SqlClient client) {
        return client.preparedQuery(PENDING)
                .execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Integer> forgetDelivered(SqlClient client, Duration olderThan) {
        return client.preparedQuery(FORGET_DELIVERED)
                .execute(Tuple.of((double) olderThan.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /** One job delivers at a time (cluster-wide), so a row it read is still undelivered: anything else is a bug. */
    private static void requireOne(int updated, long id) {
        if (updated != 1) {
            throw new IllegalStateException("webhook delivery " + id + " was not pending any more");
        }
    }
}
