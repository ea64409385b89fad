package pics.aed.schedules.domain;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The window a schedule holds (docs/architecture.md invariant 2): the half-open range {@code [t − 15 min, t + 15 min)}.
 * Two such windows overlap exactly when their times are less than 30 minutes apart, so 29 minutes conflict and 30 do
 * not. The database stores the range and enforces the rule with an exclusion constraint; this class is the same
 * arithmetic for the code that builds the range and for the tests that check the boundary.
 */
public record Slot(OffsetDateTime start, OffsetDateTime end) {

    public static final Duration HALF_WIDTH = Duration.ofMinutes(15);
    public static final Duration MINIMUM_SPACING = HALF_WIDTH.multipliedBy(2);

    public static Slot around(OffsetDateTime scheduledFor) {
        return new Slot(scheduledFor.minus(HALF_WIDTH), scheduledFor.plus(HALF_WIDTH));
    }

    /** Half-open ranges: touching ends do not overlap. */
    public boolean overlaps(Slot other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    public static boolean conflict(OffsetDateTime a, OffsetDateTime b) {
        return around(a).overlaps(around(b));
    }
}
