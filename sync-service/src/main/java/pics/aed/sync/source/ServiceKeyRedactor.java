package pics.aed.sync.source;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pics.aed.sync.config.EgenSettings;

/**
 * Keeps the data.go.kr service key inside the client. The HTTP stack quotes the request URI (with
 * {@code serviceKey=…}) in its exceptions; every message that leaves {@link EgenClient} — into a log line, a run's
 * {@code error}, {@code GET /api/sync/runs/{id}} (readable by every admin) or the {@code aed.sync-runs.v1} event —
 * passes through here first: the key in every form it travels in (as configured, URL-encoded once or twice) and any
 * {@code serviceKey} query parameter become {@code ***}.
 */
@Singleton
public class ServiceKeyRedactor {

    static final String MASK = "***";

    /** The query parameter whatever its value (a key this replica does not know, an older key). */
    private static final Pattern PARAMETER = Pattern.compile("(?i)(serviceKey=)[^&\\s\"'<>]*");

    private final List<String> forms;

    @Inject
    public ServiceKeyRedactor(EgenSettings settings) {
        this(settings.serviceKey().orElse(""));
    }

    ServiceKeyRedactor(String key) {
        this.forms = key.isBlank()
                ? List.of()
                : Stream.of(key, encode(key), encode(encode(key)))
                        .distinct()
                        .sorted((a, b) -> b.length() - a.length())
                        .toList();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** {@code text} without the key; null stays null. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = PARAMETER.matcher(text).replaceAll(Matcher.quoteReplacement("serviceKey=" + MASK));
        for (String form : forms) {
            redacted = redacted.replace(form, MASK);
        }
        return redacted;
    }

    /**
     * A copy of {@code failure} and its causes, each message redacted, stack traces kept: what may be logged with a
     * stack trace or attached as a cause.
     */
    public Throwable redacted(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Redacted copy = new Redacted(
                failure.getClass().getName()
                        + (failure.getMessage() == null ? "" : ": " + redact(failure.getMessage())),
                failure.getCause() == failure ? null : redacted(failure.getCause()));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** A redacted stand-in for a failure from below: its message names the original class. */
    static final class Redacted extends RuntimeException {
        Redacted(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
