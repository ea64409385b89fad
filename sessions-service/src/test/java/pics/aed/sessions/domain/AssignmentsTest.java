package pics.aed.sessions.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a pending assignment becomes when its schedule changes, without Quarkus. */
class AssignmentsTest {

    @Test
    void liveSchedulesKeepTheAssignmentPending() {
        assertThat(Assignments.statusFor("scheduled")).isEqualTo(AssignmentStatus.pending);
        assertThat(Assignments.statusFor("in_progress")).isEqualTo(AssignmentStatus.pending);
    }

    @Test
    void endedSchedulesCloseIt() {
        assertThat(Assignments.statusFor("completed")).isEqualTo(AssignmentStatus.completed);
        assertThat(Assignments.statusFor("cancelled")).isEqualTo(AssignmentStatus.cancelled);
        assertThat(Assignments.statusFor("missed")).isEqualTo(AssignmentStatus.cancelled);
    }

    @Test
    void anUnknownScheduleStatusIsAnErrorNotAGuess() {
        assertThatThrownBy(() -> Assignments.statusFor("postponed")).isInstanceOf(IllegalArgumentException.class);
    }
}
