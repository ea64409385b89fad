package pics.aed.platform.sql;

import pics.aed.platform.problem.Problems;

/** The HTTP contract paging: {@code page} from 0, {@code size} 1–500 (default 50); anything else is 400 validation. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    /** From the raw query parameters, so that "size=abc" is a 400 like "size=0" (JAX-RS would answer 404). */
    public static PageRequest of(String page, String size) {
        int p = parse("page", page, 0);
        int s = parse("size", size, DEFAULT_SIZE);
        if (p < 0) {
            throw Problems.validation("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw Problems.validation("size", "must be between 1 and " + MAX_SIZE);
        }
        return new PageRequest(p, s);
    }

    private static int parse(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Problems.validation(name, "must be a whole number");
        }
    }
}
