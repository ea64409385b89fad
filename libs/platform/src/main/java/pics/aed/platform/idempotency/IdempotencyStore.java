package pics.aed.platform.idempotency;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The SQL of the {@code idempotency_keys} table and of the lock that holds a key while its request runs. */
@Singleton
class IdempotencyStore {

    /**
     * Holds the key for the rest of the transaction, or answers false at once when another live transaction holds
     * it. A transaction-scoped advisory lock: it ends with the transaction, so a request whose process died (its
     * connection closed, its transaction rolled back) holds nothing any more. The schema is part of the lock's name
     * because advisory locks are database-wide and every service keeps its own keys.
     */
    private static final String HOLD = """
            SELECT pg_try_advisory_xact_lock(
                       hashtextextended('aedpics.idempotency.' || current_schema() || ' ' || $1 || ' ' || $2, 0)) AS held""";

    /**
     * Run after {@link #HOLD}, as a statement of its own: under READ COMMITTED its snapshot is taken after the lock was
     * granted, so it sees the row of a holder that committed just before. {@code in_flight} rows are only written by
     * versions before decision 0012 (a claim committed on its own, held until {@code locked_until}); they are honoured
     * while a rolling update runs both.
     */
    private static final String FIND = """
            SELECT request_fingerprint, state, response_status, response_headers, response_body,
                   expires_at < now() AS expired,
                   COALESCE(state = 'in_flight' AND locked_until >= now(), false) AS claimed_by_older_version
              FROM idempotency_keys WHERE caller_id = $1 AND idempotency_key = $2""";

    /**
     * In the transaction of the change: the response is stored if and only if the change commits. It replaces only a
     * row that no longer counts (expired, or an older version's claim that ran out); otherwise it changes nothing and
     * the caller rolls back, so that whatever happens to the lock, the primary key lets one execution commit.
     */
    private static final String STORE = """
            INSERT INTO idempotency_keys (caller_id, idempotency_key, request_fingerprint, state, response_status,
                                          response_headers, response_body, expires_at)
            VALUES ($1, $2, $3, 'completed', $4, $5, $6, now() + make_interval(secs => $7))
            ON CONFLICT ON CONSTRAINT idempotency_keys_pkey DO UPDATE
               SET request_fingerprint = EXCLUDED.request_fingerprint, state = 'completed', locked_until = NULL,
                   response_status = EXCLUDED.response_status, response_headers = EXCLUDED.response_headers,
                   response_body = EXCLUDED.response_body, expires_at = EXCLUDED.expires_at, created_at = now()
             WHERE idempotency_keys.expires_at < now()
                OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.locked_until < now()
                    AND idempotency_keys.request_fingerprint = EXCLUDED.request_fingerprint)""";

    private final Duration retention;

    IdempotencyStore(IdempotencyConfig config) {
        this.retention = config.retention();
    }

    /** What a key already holds: a stored response, or an older version's live claim. */
    record Existing(String fingerprint, boolean completed, boolean claimedByOlderVersion, StoredResponse response) {}

    /** True when this transaction now holds the key; false when another live request does. */
    Uni<Boolean> hold(SqlClient tx, String caller, String key) {
        return tx.preparedQuery(HOLD)
                .execute(Tuple.of(caller, key))
                .map(rows -> rows.iterator().next().getBoolean("held"));
    }

    /** The key's row unless it is free (absent or expired); call it holding the key. */
    Uni<Optional<Existing>> find(SqlClient tx, String caller, String key) {
        return tx.preparedQuery(FIND).execute(Tuple.of(caller, key)).map(rows -> {
            if (rows.rowCount() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            boolean completed = "completed".equals(row.getString("state"));
            if (row.getBoolean("expired")) {
                return Optional.empty();
            }
            StoredResponse response = completed
                    ? new StoredResponse(
                            row.getInteger("response_status"),
                            headersOf(row.getJsonObject("response_headers")),
                            row.getString("response_body"))
                    : null;
            return Optional.of(new Existing(
                    row.getString("request_fingerprint"),
                    completed,
                    row.getBoolean("claimed_by_older_version"),
                    response));
        });
    }

    /** True when the response was stored; false when the key turned out to be taken (roll back). */
    Uni<Boolean> store(SqlClient tx, String caller, String key, String fingerprint, StoredResponse response) {
        return tx.preparedQuery(STORE)
                .execute(Tuple.tuple(java.util.Arrays.asList(
                        caller,
                        key,
                        fingerprint,
                        response.status(),
                        new JsonObject(Map.copyOf(response.headers())),
                        response.body(),
                        (double) retention.toSeconds())))
                .map(rows -> rows.rowCount() == 1);
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
