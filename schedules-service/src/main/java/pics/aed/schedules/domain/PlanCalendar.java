package pics.aed.schedules.domain;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import pics.aed.platform.problem.Problems;

/**
 * The calendar rules of a monthly plan, in one time zone (Asia/Seoul): the month's bounds, its working days (Monday to
 * Friday) that are still ahead, the working hours a day's inspections are spread over, and the month's due time (its
 * last day, 23:59:59).
 *
 * <p>How a plan spreads its devices: in each gugun, devices in serial order go round-robin over the working days, so
 * that no day carries more than {@code ceil(n / days)} of them and never more than {@code perDay}; a gugun with more
 * devices than {@code perDay × days} leaves the rest unplanned ({@code overCapacity}). Within one day, the plan's
 * schedules (all gugun together, in gugun then serial order) are spread evenly over the working hours: the k-th of n
 * starts {@code floor(k × span / n)} seconds after the day's start. A day of a gugun plan carries at most 200, so its
 * times are at least 2.7 minutes apart: no two at the same minute for the plan's one assignee.
 */
public record PlanCalendar(ZoneId zone, LocalTime dayStart, LocalTime dayEnd) {

    public PlanCalendar {
        if (!dayStart.isBefore(dayEnd)) {
            throw new IllegalArgumentException("the working day must start before it ends");
        }
    }

    /** @throws pics.aed.platform.problem.ProblemException 400 when the text is not a month like 2026-12 */
    public static YearMonth parseMonth(String text) {
        if (text == null || text.isBlank()) {
            throw Problems.validation("month", "is required, e.g. 2026-12");
        }
        try {
            return YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw Problems.validation("month", "must be a month like 2026-12");
        }
    }

    public OffsetDateTime monthStart(YearMonth month) {
        return month.atDay(1).atStartOfDay(zone).toOffsetDateTime();
    }

    /** The first instant of the next month: months are half-open ranges. */
    public OffsetDateTime monthEnd(YearMonth month) {
        return monthStart(month.plusMonths(1));
    }

    /** The month's last day at 23:59:59: the default due time of its schedules. */
    public OffsetDateTime dueAt(YearMonth month) {
        return month.atEndOfMonth().atTime(23, 59, 59).atZone(zone).toOffsetDateTime();
    }

    public OffsetDateTime dueAtEndOfMonthOf(OffsetDateTime scheduledFor) {
        return dueAt(YearMonth.from(scheduledFor.atZoneSameInstant(zone)));
    }

    public boolean hasEnded(YearMonth month, Clock clock) {
        return month.isBefore(YearMonth.now(clock.withZone(zone)));
    }

    /**
     * The month's working days on which a plan may still place inspections: all of them for a future month; for the
     * current month, those after today (today's working hours may already be under way).
     */
    public List<LocalDate> workingDaysAhead(YearMonth month, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            if (isWorkingDay(day) && day.isAfter(today)) {
                days.add(day);
            }
        }
        return days;
    }

    public static boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    public int dayStartSeconds() {
        return dayStart.toSecondOfDay();
    }

    public int daySpanSeconds() {
        return dayEnd.toSecondOfDay() - dayStart.toSecondOfDay();
    }

    /** The same placement the plan's SQL computes, for the pure tests: the k-th of n inspections of a day. */
    public ZonedDateTime timeOf(LocalDate day, long k, long n) {
        long offset = Math.floorDiv(k * daySpanSeconds(), n);
        return day.atTime(dayStart).plusSeconds(offset).atZone(zone);
    }

    /** The same placement the plan's SQL computes: the 0-based working-day index of a gugun's rank-th device. */
    public static int dayIndexOf(long rankInGugun, int workingDays) {
        return (int) (rankInGugun % workingDays);
    }

    /** Whether a gugun's rank-th device (from 0) still fits: at most perDay per working day. */
    public static boolean fits(long rankInGugun, int workingDays, int perDay) {
        return rankInGugun < (long) workingDays * perDay;
    }
}
