package pics.aed.sessions.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import pics.aed.platform.problem.ProblemException;

/** The review transition table, without Quarkus: submitted → approved | rejected, and nothing after. */
class ApprovalStatusTest {

    @Test
    void onlyASubmittedInspectionIsDecided() {
        assertThat(ApprovalStatus.submitted.allowedNext())
                .containsExactlyInAnyOrder(ApprovalStatus.approved, ApprovalStatus.rejected);
        assertThat(ApprovalStatus.approved.allowedNext()).isEmpty();
        assertThat(ApprovalStatus.rejected.allowedNext()).isEmpty();
    }

    @Test
    void aSecondDecisionIsAnInvalidTransitionWithItsMembers() {
        ProblemException refused = catchThrowableOfType(
                ProblemException.class, () -> ApprovalStatus.approved.requireTransitionTo(ApprovalStatus.rejected));
        assertThat(refused.problem().name()).isEqualTo("invalid-transition");
        assertThat(refused.problem().members())
                .containsEntry("from", "approved")
                .containsEntry("to", "rejected")
                .containsEntry("allowed", List.of());
    }
}
