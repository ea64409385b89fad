package pics.aed.platform.problem;

/** One entry of a {@code validation} problem's {@code errors[]}. */
public record FieldError(String field, String message) {}
