package pics.aed.sessions.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import pics.aed.platform.problem.ProblemException;

/** The session transition table (docs/architecture.md invariant 4), without Quarkus. */
class SessionStatusTest {

    @Test
    void openSessionsPauseResumeCompleteAndCancel() {
        assertThat(SessionStatus.active.allowedNext())
                .containsExactlyInAnyOrder(SessionStatus.paused, SessionStatus.completed, SessionStatus.cancelled);
        assertThat(SessionStatus.paused.allowedNext())
                .containsExactlyInAnyOrder(SessionStatus.active, SessionStatus.completed, SessionStatus.cancelled);
        assertThat(SessionStatus.OPEN).containsExactlyInAnyOrder(SessionStatus.active, SessionStatus.paused);
    }

    @Test
    void closedSessionsGoNowhere() {
        for (SessionStatus closed : EnumSet.of(SessionStatus.completed, SessionStatus.cancelled)) {
            assertThat(closed.isOpen()).isFalse();
            assertThat(closed.allowedNext()).isEmpty();
            for (SessionStatus next : SessionStatus.values()) {
                assertThatThrownBy(() -> closed.requireTransitionTo(next)).isInstanceOf(ProblemException.class);
            }
        }
    }

    @Test
    void noSessionStaysInItsStateByTransition() {
        for (SessionStatus status : SessionStatus.values()) {
            assertThat(status.allowedNext()).doesNotContain(status);
        }
    }

    @Test
    void aRefusedTransitionNamesFromToAndAllowed() {
        assertThatCode(() -> SessionStatus.active.requireTransitionTo(SessionStatus.completed))
                .doesNotThrowAnyException();
        ProblemException refused = catchThrowableOfType(
                ProblemException.class, () -> SessionStatus.paused.requireTransitionTo(SessionStatus.paused));
        assertThat(refused.problem().status()).isEqualTo(409);
        assertThat(refused.problem().members())
                .containsEntry("from", "paused")
                .containsEntry("to", "paused")
                .containsEntry("allowed", List.of("active", "completed", "cancelled"));
    }
}
