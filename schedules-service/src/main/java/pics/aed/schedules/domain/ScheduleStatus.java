package pics.aed.schedules.domain;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import pics.aed.platform.problem.Problems;

/**
 * A schedule's state and its transition table (docs/architecture.md invariant 4): scheduled → in_progress →
 * completed; scheduled | in_progress → cancelled; scheduled → missed; and in_progress → scheduled when the session
 * working on it is cancelled. completed, cancelled and missed are final.
 */
public enum ScheduleStatus {
    scheduled,
    in_progress,
    completed,
    cancelled,
    missed;

    public Set<ScheduleStatus> allowedNext() {
        return switch (this) {
            case scheduled -> EnumSet.of(in_progress, cancelled, missed);
            case in_progress -> EnumSet.of(completed, cancelled, scheduled);
            case completed, cancelled, missed -> EnumSet.noneOf(ScheduleStatus.class);
        };
    }

    public boolean mayBecome(ScheduleStatus next) {
        return allowedNext().contains(next);
    }

    /** Whether the schedule still holds its 30-minute window (only a cancelled one frees it). */
    public boolean holdsWindow() {
        return this != cancelled;
    }

    /** @throws pics.aed.platform.problem.ProblemException 409 invalid-transition naming the allowed ones */
    public void requireTransitionTo(ScheduleStatus next) {
        requireTransitionTo(next.name(), mayBecome(next));
    }

    /**
     * Changing a schedule's plan (time, assignee, priority, notes) is allowed only while it is scheduled: a schedule
     * under way or finished keeps what it was.
     */
    public void requireEditable() {
        requireTransitionTo(scheduled.name(), this == scheduled);
    }

    private void requireTransitionTo(String to, boolean allowed) {
        if (!allowed) {
            List<String> names = allowedNext().stream().map(Enum::name).toList();
            throw Problems.invalidTransition(name(), to, names);
        }
    }
}
