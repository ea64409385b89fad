package pics.aed.schedules.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import pics.aed.platform.problem.Problems;

/**
 * The rules on a schedule's times: it may not start more than the tolerance in the past (clock skew, a form filled in
 * slowly), and it is due no earlier than it starts; the due time defaults to the end of its month (Asia/Seoul).
 */
public record TimeRules(PlanCalendar calendar, Duration pastTolerance, Clock clock) {

    public void requireNotPast(OffsetDateTime scheduledFor) {
        if (scheduledFor.isBefore(OffsetDateTime.now(clock).minus(pastTolerance))) {
            throw Problems.validation(
                    "scheduledFor", "must not lie more than " + pastTolerance.toMinutes() + " minutes in the past");
        }
    }

    public OffsetDateTime dueAtOrDefault(OffsetDateTime dueAt, OffsetDateTime scheduledFor) {
        OffsetDateTime due = dueAt != null ? dueAt : calendar.dueAtEndOfMonthOf(scheduledFor);
        if (due.isBefore(scheduledFor)) {
            throw Problems.validation("dueAt", "must not be before scheduledFor");
        }
        return due;
    }
}
