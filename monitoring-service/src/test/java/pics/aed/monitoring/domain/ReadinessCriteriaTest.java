package pics.aed.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ReadinessCriteriaTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    private static final ReadinessCriteria CRITERIA = new ReadinessCriteria(TODAY, 30);
    private static final LocalDate FAR = TODAY.plusYears(2);

    @Test
    void expiredIsBeforeTodayAndExpiringIsTodayUpToWithinDays() {
        assertThat(CRITERIA.problemsOf(TODAY.minusDays(1), FAR, TODAY))
                .containsExactly(ReadinessProblem.BATTERY_EXPIRED);
        assertThat(CRITERIA.problemsOf(TODAY, FAR, TODAY)).containsExactly(ReadinessProblem.BATTERY_EXPIRING);
        assertThat(CRITERIA.problemsOf(FAR, TODAY.plusDays(29), TODAY)).containsExactly(ReadinessProblem.PAD_EXPIRING);
        assertThat(CRITERIA.problemsOf(FAR, TODAY.plusDays(30), TODAY)).containsExactly(ReadinessProblem.PAD_EXPIRING);
        assertThat(CRITERIA.problemsOf(FAR, TODAY.plusDays(31), TODAY)).isEmpty();
        assertThat(new ReadinessCriteria(TODAY, 31).problemsOf(FAR, TODAY.plusDays(31), TODAY))
                .containsExactly(ReadinessProblem.PAD_EXPIRING);
    }

    @Test
    void unknownDatesAreNeitherExpiredNorExpiring() {
        assertThat(CRITERIA.problemsOf(null, null, TODAY)).isEmpty();
    }

    @Test
    void inspectionsCountByCalendarMonth() {
        assertThat(CRITERIA.problemsOf(FAR, FAR, LocalDate.of(2026, 12, 1))).isEmpty();
        assertThat(CRITERIA.problemsOf(FAR, FAR, LocalDate.of(2026, 11, 1)))
                .containsExactly(ReadinessProblem.NOT_INSPECTED_THIS_MONTH);
        assertThat(CRITERIA.problemsOf(FAR, FAR, LocalDate.of(2026, 10, 31)))
                .containsExactly(ReadinessProblem.NOT_INSPECTED_THIS_MONTH, ReadinessProblem.NOT_INSPECTED_TWO_MONTHS);
        assertThat(CRITERIA.problemsOf(FAR, FAR, null))
                .containsExactly(ReadinessProblem.NOT_INSPECTED_THIS_MONTH, ReadinessProblem.NOT_INSPECTED_TWO_MONTHS);
    }

    @Test
    void theDayIsKoreasAndJanuaryLooksBackToDecember() {
        // 2027-01-01 00:30 in Seoul is still 2026-12-31 in UTC
        ReadinessCriteria newYear =
                ReadinessCriteria.at(ZonedDateTime.of(2026, 12, 31, 15, 30, 0, 0, ZoneOffset.UTC), 30);
        assertThat(newYear.today()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(newYear.thisMonthStart()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(newYear.previousMonthStart()).isEqualTo(LocalDate.of(2026, 12, 1));
    }

    @Test
    void withinDaysIsBounded() {
        assertThatThrownBy(() -> new ReadinessCriteria(TODAY, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadinessCriteria(TODAY, 10_000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ReadinessCriteria(TODAY, 365).expiringUntil()).isEqualTo(TODAY.plusDays(365));
    }
}
