package pics.aed.platform.idempotency;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The SQL of the {@code idempotency_keys} table. */
@Singleton
class IdempotencyStore {

    /**
     * Claims a key for a new request. An expired key is free again; so is an in-flight claim whose holder died
     * (its lock ran out) if the retry is the same request.
     */
    private static final String CLAIM = """
            INSERT INTO idempotency_keys (caller_id, idempotency_key, request_fingerprint, state, locked_until, expires_at)
            VALUES ($1, $2, $3, 'in_flight', now() + make_interval(secs => $4), now() + make_interval(secs => $5))
            ON CONFLICT ON CONSTRAINT idempotency_keys_pkey DO UPDATE
               SET request_fingerprint = EXCLUDED.request_fingerprint, state = 'in_flight',
                   locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at, created_at = now(),
                   response_status = NULL, response_headers = NULL, response_body = NULL
             WHERE idempotency_keys.expires_at < now()
                OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.locked_until < now()
                    AND idempotency_keys.request_fingerprint = EXCLUDED.request_fingerprint)
            RETURNING true AS claimed""";

    private static final String FIND = """
            SELECT request_fingerprint, state, response_status, response_headers, response_body
              FROM idempotency_keys WHERE caller_id = $1 AND idempotency_key = $2""";
    private static final String COMPLETE = """
            UPDATE idempotency_keys
               SET state = 'completed', locked_until = NULL, response_status = $4, response_headers = $5,
                   response_body = $6
             WHERE caller_id = $1 AND idempotency_key = $2 AND request_fingerprint = $3 AND state = 'in_flight'""";
    private static final String RELEASE = """
            DELETE FROM idempotency_keys
             WHERE caller_id = $1 AND idempotency_key = $2 AND request_fingerprint = $3 AND state = 'in_flight'""";

    private final Pool pool;
    private final Duration inFlightTimeout;
    private final Duration retention;

    IdempotencyStore(Pool pool, IdempotencyConfig config) {
        this.pool = pool;
        this.inFlightTimeout = config.inFlightTimeout();
        this.retention = config.retention();
    }

    record Existing(String fingerprint, boolean completed, StoredResponse response) {}

    /** Commits on its own, so that a concurrent retry sees the key in flight. */
    Uni<Boolean> claim(String caller, String key, String fingerprint) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(
                        caller, key, fingerprint, (double) inFlightTimeout.toSeconds(), (double) retention.toSeconds()))
                .map(rows -> rows.rowCount() > 0);
    }

    Uni<Optional<Existing>> find(String caller, String key) {
        return pool.preparedQuery(FIND).execute(Tuple.of(caller, key)).map(rows -> {
            if (rows.rowCount() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            boolean completed = "completed".equals(row.getString("state"));
            StoredResponse response = completed
                    ? new StoredResponse(
                            row.getInteger("response_status"),
                            headersOf(row.getJsonObject("response_headers")),
                            row.getString("response_body"))
                    : null;
            return Optional.of(new Existing(row.getString("request_fingerprint"), completed, response));
        });
    }

    /** In the transaction of the change: the response is stored if and only if the change commits. */
    Uni<Boolean> complete(SqlClient tx, String caller, String key, String fingerprint, StoredResponse response) {
        return tx.preparedQuery(COMPLETE)
                .execute(Tuple.tuple(java.util.Arrays.asList(
                        caller,
                        key,
                        fingerprint,
                        response.status(),
                        new JsonObject(Map.copyOf(response.headers())),
                        response.body())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The change did not happen: free the key so that a retry executes the request again. */
    Uni<Void> release(String caller, String key, String fingerprint) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.of(caller, key, fingerprint))
                .replaceWithVoid();
    }

    private static Map<String, String> headersOf(JsonObject json) {
        if (json == null) {
            return Map.of();
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        json.forEach(entry -> headers.put(entry.getKey(), String.valueOf(entry.getValue())));
        return headers;
    }
}
