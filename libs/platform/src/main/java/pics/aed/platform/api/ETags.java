package pics.aed.platform.api;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import pics.aed.platform.problem.Problems;

/**
 * The optimistic concurrency of the HTTP contract: a resource's {@code ETag} is its row version ({@code "3"}), and a
 * change may carry it back as {@code If-Match}; a stale one is 412 (the owning service decides), a malformed one 400.
 */
public final class ETags {

    private ETags() {}

    /** The ETag of a row version. */
    public static EntityTag of(long version) {
        return new EntityTag(String.valueOf(version));
    }

    /**
     * The version an {@code If-Match} header asks for, or null when it asks for none (absent, blank or {@code *}).
     * Weak and strong tags are both accepted.
     *
     * @param what the resource's name for the problem, e.g. "session"
     */
    public static Long versionOf(String ifMatch, String what) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw Problems.validation(HttpHeaders.IF_MATCH, "must be the ETag of the " + what + ", e.g. \"3\"");
        }
    }
}
