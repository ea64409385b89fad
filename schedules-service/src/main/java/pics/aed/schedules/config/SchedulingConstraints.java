package pics.aed.schedules.config;

import jakarta.inject.Singleton;
import java.util.Optional;
import pics.aed.platform.problem.ConstraintProblems;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.Problems;

/**
 * The named constraints of schema {@code scheduling} that a request can hit, and what they answer. The window
 * conflict is answered with the conflicting schedule by {@link pics.aed.schedules.domain.WindowConflicts}; this is
 * the fallback for a path that does not name it.
 */
@Singleton
public class SchedulingConstraints implements ConstraintProblems {

    @Override
    public Optional<ProblemException> forConstraint(String constraintName) {
        return Optional.ofNullable(
                switch (constraintName) {
                    case "schedules_no_overlap" ->
                        Problems.conflict(
                                "schedule-window-conflict",
                                "Schedule window taken",
                                "Another schedule of this device lies less than 30 minutes away.");
                    case "schedules_due_not_before_scheduled" ->
                        Problems.validation("dueAt", "must not be before scheduledFor");
                    case "schedules_assignee_length" ->
                        Problems.validation("assigneeId", "size must be between 1 and 128");
                    case "schedules_notes_length" -> Problems.validation("notes", "size must be between 0 and 2000");
                    case "schedules_cancel_reason_length" ->
                        Problems.validation("reason", "size must be between 1 and 500");
                    default -> null;
                });
    }
}
