package pics.aed.monitoring.domain;

import java.util.Arrays;
import java.util.Optional;

/** Why a device is not ready, as {@code GET /api/monitoring/readiness/devices?problem=} names it. */
public enum ReadinessProblem {
    BATTERY_EXPIRED("battery-expired"),
    BATTERY_EXPIRING("battery-expiring"),
    PAD_EXPIRED("pad-expired"),
    PAD_EXPIRING("pad-expiring"),
    NOT_INSPECTED_THIS_MONTH("not-inspected-this-month"),
    NOT_INSPECTED_TWO_MONTHS("not-inspected-two-months");

    private final String wireName;

    ReadinessProblem(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ReadinessProblem> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(problem -> problem.wireName.equals(name))
                .findFirst();
    }
}
