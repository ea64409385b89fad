package pics.aed.sync.domain;

/** A guard stopped the run before anything was committed (the run ends {@code aborted}). */
public class GuardViolation extends RuntimeException {

    private final String guard;

    public GuardViolation(String guard, String message) {
        super(message, null, false, false);
        this.guard = guard;
    }

    /** The {@code egen_sync_errors_total{type}} label: {@code guard_<name>}. */
    public String guard() {
        return guard;
    }
}
