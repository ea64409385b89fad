package pics.aed.sync.source;

/**
 * The source (the Open API, or an uploaded export) could not deliver. {@link #type()} is the
 * {@code egen_sync_errors_total{type}} label; {@link Transient} failures are retried, the others end the run at once.
 */
public class SourceException extends RuntimeException {

    private final String type;

    public SourceException(String type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public SourceException(String type, String message) {
        this(type, message, null);
    }

    public String type() {
        return type;
    }

    /** Worth retrying: a timeout, a connection failure, an HTTP 5xx, data.go.kr's request limit (code 22). */
    public static class Transient extends SourceException {

        public Transient(String type, String message, Throwable cause) {
            super(type, message, cause);
        }

        public Transient(String type, String message) {
            super(type, message);
        }
    }
}
