package pics.aed.sync.domain;

/** A guard stopped the run before anything was committed (the run ends {@code aborted}). */
public class GuardViolation extends RuntimeException {

    private final Guard guard;

    public GuardViolation(Guard guard, String message) {
        super(message, null, false, false);
        this.guard = guard;
    }

    public Guard guard() {
        return guard;
    }
}
