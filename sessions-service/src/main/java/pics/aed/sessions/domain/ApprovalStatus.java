package pics.aed.sessions.domain;

import java.util.EnumSet;
import java.util.Set;
import pics.aed.platform.problem.Problems;

/** An inspection's review state: submitted → approved | rejected, and nothing after. */
public enum ApprovalStatus {
    submitted,
    approved,
    rejected;

    public Set<ApprovalStatus> allowedNext() {
        return this == submitted ? EnumSet.of(approved, rejected) : EnumSet.noneOf(ApprovalStatus.class);
    }

    public void requireTransitionTo(ApprovalStatus next) {
        if (!allowedNext().contains(next)) {
            throw Problems.invalidTransition(
                    name(), next.name(), allowedNext().stream().map(Enum::name).toList());
        }
    }
}
