package pics.aed.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import pics.aed.platform.problem.Problems;

/**
 * Executes a mutating request at most once per {@code Idempotency-Key}, as docs/architecture.md "Errors and idempotency" and
 * draft-ietf-httpapi-idempotency-key-header say:
 * <ul>
 * <li>keys are scoped to the caller;</li>
 * <li>the first request claims the key (committed at once, so concurrent retries see it) and runs the change in a
 * transaction that also stores the response: the stored response exists if and only if the change committed;</li>
 * <li>a retry of a completed request gets the stored status, headers and body with {@code Idempotent-Replayed:
 * true}; with a different body, target or precondition ({@code If-Match}) it is 422 {@code idempotency-key-reused}; while the first is still running
 * it is 409 {@code idempotency-request-in-flight};</li>
 * <li>a request that fails changes nothing and frees its key, so a retry executes it again;</li>
 * <li>keys expire after {@code aedpics.idempotency.retention} (24 h).</li>
 * </ul>
 */
@Singleton
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final List<String> REPLAYED_HEADERS =
            List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.CONTENT_TYPE);
    private static final int MAX_KEY_LENGTH = 255;

    private final Pool pool;
    private final IdempotencyStore store;
    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;
    private final MeterRegistry registry;

    Idempotency(Pool pool, IdempotencyStore store, ObjectMapper json, MeterRegistry registry) {
        this.pool = pool;
        this.store = store;
        this.json = json;
        this.registry = registry;
        this.canonicalJson = JsonMapper.builder()
                .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .findAndAddModules()
                .build();
    }

    /**
     * Runs {@code change} in a transaction, once per key.
     *
     * @param change the request's work on the transaction's connection; its response is what later replays return
     */
    public Uni<Response> execute(IdempotentRequest request, Function<SqlConnection, Uni<Response>> change) {
        if (request.key() == null) {
            return pool.withTransaction(tx -> change.apply(tx).map(this::normalised));
        }
        requireUsableKey(request.key());
        String fingerprint = fingerprint(request);
        return store.claim(request.callerId(), request.key(), fingerprint)
                .flatMap(claimed -> claimed
                        ? runClaimed(request, fingerprint, change)
                        : answerFromExisting(request, fingerprint, change));
    }

    private Uni<Response> runClaimed(
            IdempotentRequest request, String fingerprint, Function<SqlConnection, Uni<Response>> change) {
        return pool.withTransaction(tx -> change.apply(tx).flatMap(response -> {
                    StoredResponse stored = stored(response);
                    return store.complete(tx, request.callerId(), request.key(), fingerprint, stored)
                            .map(completed -> {
                                if (!completed) {
                                    // our claim ran out and a retry took the key over: let that one be the only
                                    // execution
                                    throw Problems.idempotencyRequestInFlight();
                                }
                                count("executed");
                                return toResponse(stored, false);
                            });
                }))
                .onFailure()
                .call(failure -> store.release(request.callerId(), request.key(), fingerprint)
                        .onFailure()
                        .recoverWithNull());
    }

    private Uni<Response> answerFromExisting(
            IdempotentRequest request, String fingerprint, Function<SqlConnection, Uni<Response>> change) {
        return store.find(request.callerId(), request.key()).flatMap(existing -> {
            if (existing.isEmpty()) {
                // freed between our claim and this look-up (the first request failed): claim again
                return execute(request, change);
            }
            if (!existing.get().fingerprint().equals(fingerprint)) {
                count("reused");
                return Uni.createFrom().failure(Problems.idempotencyKeyReused());
            }
            if (!existing.get().completed()) {
                count("in_flight");
                return Uni.createFrom().failure(Problems.idempotencyRequestInFlight());
            }
            count("replayed");
            return Uni.createFrom().item(toResponse(existing.get().response(), true));
        });
    }

    private static void requireUsableKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw Problems.validation(
                    HEADER, "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters (a UUID is a good key)");
        }
    }

    private String fingerprint(IdempotentRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.method() + " " + request.path() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(canonicalJson.writeValueAsBytes(request.body()));
            // absent when there are none, so that the fingerprints of unconditional requests stay as they were
            for (Map.Entry<String, String> precondition :
                    request.preconditions().entrySet()) {
                sha.update(("\n" + precondition.getKey() + ": " + precondition.getValue())
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    private StoredResponse stored(Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            Object value = response.getHeaders().getFirst(name);
            if (value != null) {
                headers.put(name, value.toString());
            }
        }
        headers.putIfAbsent(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        return new StoredResponse(response.getStatus(), headers, bodyOf(response));
    }

    /** Serialises the entity once, so that the first answer and every replay carry the same bytes. */
    private Response normalised(Response response) {
        return toResponse(stored(response), false);
    }

    private String bodyOf(Response response) {
        Object entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        if (entity instanceof String text) {
            return text;
        }
        try {
            return json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response is not serialisable", e);
        }
    }

    private static Response toResponse(StoredResponse stored, boolean replayed) {
        Response.ResponseBuilder builder = Response.status(stored.status()).entity(stored.body());
        stored.headers().forEach(builder::header);
        if (replayed) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }

    private void count(String outcome) {
        registry.counter("aedpics.idempotency.requests", "outcome", outcome).increment();
    }
}
