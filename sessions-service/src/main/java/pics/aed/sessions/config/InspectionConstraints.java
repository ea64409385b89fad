package pics.aed.sessions.config;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import pics.aed.platform.problem.ConstraintProblems;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.Problems;

/** The named constraints of schema {@code inspection} that a request can hit, and what they answer. */
@Singleton
public class InspectionConstraints implements ConstraintProblems {

    @Override
    public Optional<ProblemException> forConstraint(String constraintName) {
        return Optional.ofNullable(
                switch (constraintName) {
                    case "inspections_session_id_key" ->
                        // a second completion that slipped past the row lock: the session is completed already
                        Problems.invalidTransition("completed", "completed", List.of());
                    case "sessions_current_step_range" ->
                        Problems.validation("currentStep", "must be between 0 and 20");
                    case "sessions_step_data_is_object" -> Problems.validation("stepData", "must be a JSON object");
                    default -> null;
                });
    }
}
