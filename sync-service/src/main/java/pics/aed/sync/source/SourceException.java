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

    /** Worth retrying: a timeout, a connection failure, an HTTP 5xx or 429, a page that broke off. */
    public static class Transient extends SourceException {

        public Transient(String type, String message, Throwable cause) {
            super(type, message, cause);
        }

        public Transient(String type, String message) {
            super(type, message);
        }
    }

    /**
     * data.go.kr's daily request quota is used up (result code 22). Retrying cannot help before it resets at
     * midnight KST, and it says nothing about the API's health, so it neither retries nor counts against the circuit
     * breaker; the next scheduled run waits for the reset.
     */
    public static class QuotaExceeded extends SourceException {

        public QuotaExceeded(String message) {
            super("service_code_22", message);
        }
    }

    /** The feed contradicted itself while it was paged (a serial on two pages): what it delivered is not believed. */
    public static class InconsistentFeed extends SourceException {

        public InconsistentFeed(String message) {
            super("inconsistent_feed", message);
        }
    }
}
