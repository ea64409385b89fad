package pics.aed.platform.idempotency;

import java.util.Map;
import java.util.TreeMap;

/**
 * What identifies a mutating request for Idempotency-Key purposes: the same key with anything here different is
 * another request (422).
 *
 * @param callerId      the token subject; keys are scoped to it, so two callers never collide
 * @param key           the {@code Idempotency-Key} header, or null when the client sent none
 * @param method        HTTP method
 * @param path          request path (identifies the target resource)
 * @param body          the parsed request body (null when none); its canonical JSON is part of the fingerprint
 * @param preconditions conditional headers the change depends on (e.g. {@code If-Match}), by header name; a retry
 *                      with another precondition asks for another change
 */
public record IdempotentRequest(
        String callerId, String key, String method, String path, Object body, Map<String, String> preconditions) {

    public IdempotentRequest {
        TreeMap<String, String> present = new TreeMap<>();
        if (preconditions != null) {
            preconditions.forEach((name, value) -> {
                if (value != null) {
                    present.put(name, value);
                }
            });
        }
        preconditions = Map.copyOf(present);
    }

    /** A request without preconditions. */
    public IdempotentRequest(String callerId, String key, String method, String path, Object body) {
        this(callerId, key, method, path, body, Map.of());
    }

    /** This request, conditional on {@code If-Match} (null: unconditional). */
    public IdempotentRequest ifMatch(String ifMatch) {
        Map<String, String> with = new TreeMap<>(preconditions);
        if (ifMatch != null) {
            with.put("If-Match", ifMatch);
        }
        return new IdempotentRequest(callerId, key, method, path, body, with);
    }
}
