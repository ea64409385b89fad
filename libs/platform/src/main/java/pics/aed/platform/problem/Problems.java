package pics.aed.platform.problem;

import java.util.Collection;
import java.util.List;

/** The problems named in the HTTP contract, built in one place so that titles and members never drift. */
public final class Problems {

    private Problems() {}

    public static ProblemException validation(List<FieldError> errors) {
        String detail = errors.isEmpty()
                ? "The request is not valid."
                : errors.stream()
                        .map(e -> e.field() + ": " + e.message())
                        .reduce((a, b) -> a + "; " + b)
                        .orElseThrow();
        return new ProblemException(
                Problem.of("validation", "Request is not valid", 400, detail).with("errors", errors));
    }

    public static ProblemException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(Problem.of("unauthenticated", "Authentication required", 401, detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of("forbidden", "Not allowed", 403, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, detail));
    }

    public static ProblemException invalidTransition(String from, String to, Collection<String> allowed) {
        return new ProblemException(Problem.of(
                        "invalid-transition",
                        "Transition not allowed",
                        409,
                        "Cannot go from '" + from + "' to '" + to + "'; allowed from '" + from + "': " + allowed + ".")
                .with("from", from)
                .with("to", to)
                .with("allowed", List.copyOf(allowed)));
    }

    public static ProblemException conflict(String name, String title, String detail) {
        return new ProblemException(Problem.of(name, title, 409, detail));
    }

    public static ProblemException versionConflict(long expected, long actual) {
        return new ProblemException(Problem.of(
                        "version-conflict",
                        "Version does not match",
                        412,
                        "If-Match asked for version " + expected + " but the current version is " + actual + ".")
                .with("currentVersion", actual));
    }

    public static ProblemException idempotencyKeyReused() {
        return new ProblemException(Problem.of(
                "idempotency-key-reused",
                "Idempotency key reused",
                422,
                "This Idempotency-Key was already used with a different request."));
    }

    public static ProblemException idempotencyRequestInFlight() {
        return new ProblemException(Problem.of(
                "idempotency-request-in-flight",
                "Request in flight",
                409,
                "A request with this Idempotency-Key is still being processed; retry later."));
    }

    public static ProblemException payloadTooLarge(long limitBytes) {
        return new ProblemException(Problem.of(
                "payload-too-large", "Payload too large", 413, "The request body exceeds " + limitBytes + " bytes."));
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of("unavailable", "Service unavailable", 503, detail));
    }
}
