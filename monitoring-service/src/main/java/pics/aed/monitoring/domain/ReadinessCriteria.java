package pics.aed.monitoring.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a device counts as not ready, on a given day in Korea:
 * <ul>
 * <li>expired: its battery or pad expiry date is before today;</li>
 * <li>expiring: it expires today or within {@code withinDays} days (today + withinDays included);</li>
 * <li>not inspected this month: its last inspection is before the first day of this month, or it has none;</li>
 * <li>not inspected for two months: nor in the previous month (the law asks for one inspection a month).</li>
 * </ul>
 * The SQL of the roll-up takes these boundaries as parameters, so this is the one place that defines them.
 */
public record ReadinessCriteria(LocalDate today, int withinDays) {

    public static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
    public static final int MAX_WITHIN_DAYS = 365;
    public static final int DEFAULT_WITHIN_DAYS = 30;

    public ReadinessCriteria {
        if (withinDays < 0 || withinDays > MAX_WITHIN_DAYS) {
            throw new IllegalArgumentException("withinDays must be between 0 and " + MAX_WITHIN_DAYS);
        }
    }

    public static ReadinessCriteria at(ZonedDateTime now, int withinDays) {
        return new ReadinessCriteria(now.withZoneSameInstant(KOREA).toLocalDate(), withinDays);
    }

    /** Expiry dates before this day have passed. */
    public LocalDate expiredBefore() {
        return today;
    }

    /** Expiry dates from today up to and including this day are expiring. */
    public LocalDate expiringUntil() {
        return today.plusDays(withinDays);
    }

    public LocalDate thisMonthStart() {
        return today.withDayOfMonth(1);
    }

    public LocalDate previousMonthStart() {
        return thisMonthStart().minusMonths(1);
    }

    public Set<ReadinessProblem> problemsOf(LocalDate batteryExpiry, LocalDate padExpiry, LocalDate lastInspection) {
        Set<ReadinessProblem> problems = EnumSet.noneOf(ReadinessProblem.class);
        if (expired(batteryExpiry)) {
            problems.add(ReadinessProblem.BATTERY_EXPIRED);
        }
        if (expiring(batteryExpiry)) {
            problems.add(ReadinessProblem.BATTERY_EXPIRING);
        }
        if (expired(padExpiry)) {
            problems.add(ReadinessProblem.PAD_EXPIRED);
        }
        if (expiring(padExpiry)) {
            problems.add(ReadinessProblem.PAD_EXPIRING);
        }
        if (lastInspection == null || lastInspection.isBefore(thisMonthStart())) {
            problems.add(ReadinessProblem.NOT_INSPECTED_THIS_MONTH);
        }
        if (lastInspection == null || lastInspection.isBefore(previousMonthStart())) {
            problems.add(ReadinessProblem.NOT_INSPECTED_TWO_MONTHS);
        }
        return problems;
    }

    private boolean expired(LocalDate expiry) {
        return expiry != null && expiry.isBefore(expiredBefore());
    }

    private boolean expiring(LocalDate expiry) {
        return expiry != null && !expiry.isBefore(today) && !expiry.isAfter(expiringUntil());
    }
}
