package pics.aed.schedules.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pics.aed.platform.problem.ProblemException;

/** The calendar and spreading rules of a monthly plan, without a database. */
class PlanCalendarTest {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final PlanCalendar CALENDAR = new PlanCalendar(SEOUL, LocalTime.of(9, 0), LocalTime.of(18, 0));
    /** 2026-11-20 10:00 in Seoul. */
    private static final Clock NOVEMBER = Clock.fixed(Instant.parse("2026-11-20T01:00:00Z"), SEOUL);

    @Test
    void monthsParseStrictly() {
        assertThat(PlanCalendar.parseMonth("2026-12")).isEqualTo(YearMonth.of(2026, 12));
        for (String bad : List.of("2026-13", "2026-1", "12-2026", "", "2026-00")) {
            assertThatThrownBy(() -> PlanCalendar.parseMonth(bad))
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.problem().status()).isEqualTo(400));
        }
    }

    @Test
    void aFutureMonthHasAllItsWeekdaysTheCurrentOneOnlyThoseAfterToday() {
        List<LocalDate> december = CALENDAR.workingDaysAhead(YearMonth.of(2026, 12), NOVEMBER);
        assertThat(december).hasSize(23);
        assertThat(december)
                .allSatisfy(day -> assertThat(day.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        assertThat(december.get(0)).isEqualTo(LocalDate.of(2026, 12, 1));

        List<LocalDate> november = CALENDAR.workingDaysAhead(YearMonth.of(2026, 11), NOVEMBER);
        assertThat(november).first().isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(november).hasSize(6);
        assertThat(CALENDAR.hasEnded(YearMonth.of(2026, 10), NOVEMBER)).isTrue();
        assertThat(CALENDAR.hasEnded(YearMonth.of(2026, 11), NOVEMBER)).isFalse();
    }

    @Test
    void theMonthIsDueOnItsLastDayAt235959InSeoul() {
        assertThat(CALENDAR.dueAt(YearMonth.of(2026, 12))).isEqualTo(OffsetDateTime.parse("2026-12-31T23:59:59+09:00"));
        // 2026-11-30 20:00 UTC is already 1 December in Seoul
        assertThat(CALENDAR.dueAtEndOfMonthOf(OffsetDateTime.parse("2026-11-30T20:00:00Z")))
                .isEqualTo(OffsetDateTime.parse("2026-12-31T23:59:59+09:00"));
        assertThat(CALENDAR.monthStart(YearMonth.of(2026, 12)))
                .isEqualTo(OffsetDateTime.parse("2026-12-01T00:00:00+09:00"));
    }

    @Test
    void aGuguSpreadKeepsEveryDayAtOrBelowPerDayAndTimesOnDistinctMinutesInWorkingHours() {
        int days = 23;
        int perDay = 200;
        int devices = days * perDay + 17;
        Map<Integer, Integer> perDayCount = new HashMap<>();
        int placed = 0;
        for (int rank = 0; rank < devices; rank++) {
            if (PlanCalendar.fits(rank, days, perDay)) {
                perDayCount.merge(PlanCalendar.dayIndexOf(rank, days), 1, Integer::sum);
                placed++;
            }
        }
        assertThat(placed).isEqualTo(days * perDay);
        assertThat(perDayCount.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(perDay));

        LocalDate day = LocalDate.of(2026, 12, 7);
        Set<ZonedDateTime> minutes = new HashSet<>();
        for (int k = 0; k < perDay; k++) {
            ZonedDateTime at = CALENDAR.timeOf(day, k, perDay);
            assertThat(at.toLocalTime()).isBetween(LocalTime.of(9, 0), LocalTime.of(17, 59, 59));
            assertThat(minutes.add(at.withSecond(0)))
                    .as("minute of the " + k + "th")
                    .isTrue();
        }
    }

    @Test
    void fewDevicesSpreadOverTheFirstDaysOnePerDay() {
        assertThat(PlanCalendar.dayIndexOf(0, 23)).isEqualTo(0);
        assertThat(PlanCalendar.dayIndexOf(22, 23)).isEqualTo(22);
        assertThat(PlanCalendar.dayIndexOf(23, 23)).isEqualTo(0);
        assertThat(CALENDAR.timeOf(LocalDate.of(2026, 12, 7), 0, 1).toLocalTime())
                .isEqualTo(LocalTime.of(9, 0));
    }
}
