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
 * <li>the request holds the key with a transaction-scoped advisory lock and runs the change in that transaction,
 * which also stores the response: the stored response exists if and only if the change committed, and the key is
 * held exactly as long as the transaction lives, so a request whose process died holds nothing (decision 0012);</li>
 * <li>a retry of a completed request gets the stored status, headers and body with {@code Idempotent-Replayed:
 * true}; with a different body, target or precondition ({@code If-Match}) it is 422 {@code idempotency-key-reused}; while the first is still running
 * it is 409 {@code idempotency-request-in-flight};</li>
 * <li>a request that fails or whose process dies changes nothing and frees its key, so a retry executes it again
 * at once;</li>
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
        return pool.withTransaction(tx -> store.hold(tx, request.callerId(), request.key())
                .flatMap(held -> held
                        ? store.find(tx, request.callerId(), request.key())
                        : Uni.createFrom().failure(inFlight()))
                .flatMap(existing -> existing.isPresent()
                        ? answerFromExisting(tx, existing.get(), request, fingerprint, change)
                        : runHeld(tx, request, fingerprint, change)));
    }

    /**
     * Runs the change in the transaction that holds the key and stores its response there too: both commit or
     * neither does, and a process that dies mid-request leaves no claim behind (decision 0012).
     */
    private Uni<Response> runHeld(
            SqlConnection tx,
            IdempotentRequest request,
            String fingerprint,
            Function<SqlConnection, Uni<Response>> change) {
        return change.apply(tx).flatMap(response -> {
            StoredResponse stored = stored(response);
            return store.store(tx, request.callerId(), request.key(), fingerprint, stored)
                    .map(done -> {
                        if (!done) {
                            // an older version's live claim took the key meanwhile (a rolling update): roll back
                            // and let that one be the only execution
                            throw inFlight();
                        }
                        count("executed");
                        return toResponse(stored, false);
                    });
        });
    }

    private Uni<Response> answerFromExisting(
            SqlConnection tx,
            IdempotencyStore.Existing existing,
            IdempotentRequest request,
            String fingerprint,
            Function<SqlConnection, Uni<Response>> change) {
        if (!existing.fingerprint().equals(fingerprint)) {
            count("reused");
            return Uni.createFrom().failure(Problems.idempotencyKeyReused());
        }
        if (existing.completed()) {
            count("replayed");
            return Uni.createFrom().item(toResponse(existing.response(), true));
        }
        if (existing.claimedByOlderVersion()) {
            return Uni.createFrom().failure(inFlight());
        }
        // an older version's claim that ran out: its process died; take the key over
        return runHeld(tx, request, fingerprint, change);
    }

    private RuntimeException inFlight() {
        count("in_flight");
        return Problems.idempotencyRequestInFlight();
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
