package pics.aed.platform.idempotency;

import java.util.Map;

/** A response as the idempotency store keeps it for replays. */
record StoredResponse(int status, Map<String, String> headers, String body) {}
