package pics.aed.platform.idempotency;

/**
 * What identifies a mutating request for Idempotency-Key purposes.
 *
 * @param callerId the token subject; keys are scoped to it, so two callers never collide
 * @param key      the {@code Idempotency-Key} header, or null when the client sent none
 * @param method   HTTP method
 * @param path     request path (identifies the target resource)
 * @param body     the parsed request body (null when none); its canonical JSON is part of the fingerprint
 */
public record IdempotentRequest(String callerId, String key, String method, String path, Object body) {}
