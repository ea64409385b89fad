package pics.aed.platform.http;

import java.util.Set;

/**
 * A service's endpoints that take a file instead of JSON: {@link RequestLimits} holds them to
 * {@code aedpics.limits.max-upload-size} instead of {@code max-body-size} and leaves a chunked body to the endpoint,
 * which streams it to disk and counts as it goes ({@link RequestLimits#maxUploadBytes()}). A service declares them
 * with a bean implementing this interface.
 */
public interface UploadEndpoints {

    /** The request paths, exactly as routed (no templates). */
    Set<String> paths();
}
