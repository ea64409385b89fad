package pics.aed.platform.sql;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;
import pics.aed.platform.problem.Problems;

/**
 * Parses optional query parameters into types, answering a bad value with a 400 {@code validation} that names the
 * parameter (JAX-RS's own conversion answers 404, which would tell a client the resource does not exist).
 */
public final class QueryParams {

    /** Dates without a time are days in Korea. */
    public static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

    private QueryParams() {}

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw Problems.validation(
                    name,
                    "unknown value '" + value + "'; allowed: "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(Enum::name)
                                    .collect(Collectors.joining(", ")));
        }
    }

    /** An RFC 3339 timestamp, or an ISO date meaning the start of that day in Korea. */
    public static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(KOREA).toOffsetDateTime()
                    : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw Problems.validation(name, "must be an ISO date (yyyy-mm-dd) or an RFC 3339 timestamp");
        }
    }

    public static String text(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw Problems.validation(name, "must be at most " + maxLength + " characters");
        }
        return value.trim();
    }
}
