package pics.aed.sessions.domain;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import pics.aed.platform.problem.Problems;

/** A session's state and its transition table (docs/architecture.md invariant 4): active ⇄ paused, open → completed|cancelled. */
public enum SessionStatus {
    active,
    paused,
    completed,
    cancelled;

    public static final Set<SessionStatus> OPEN = EnumSet.of(active, paused);

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    public Set<SessionStatus> allowedNext() {
        return switch (this) {
            case active -> EnumSet.of(paused, completed, cancelled);
            case paused -> EnumSet.of(active, completed, cancelled);
            case completed, cancelled -> EnumSet.noneOf(SessionStatus.class);
        };
    }

    /** @throws pics.aed.platform.problem.ProblemException 409 invalid-transition naming the allowed ones */
    public void requireTransitionTo(SessionStatus next) {
        if (!allowedNext().contains(next)) {
            List<String> allowed = allowedNext().stream().map(Enum::name).toList();
            throw Problems.invalidTransition(name(), next.name(), allowed);
        }
    }
}
