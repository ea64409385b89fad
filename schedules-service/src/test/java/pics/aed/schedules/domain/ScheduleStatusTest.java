package pics.aed.schedules.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pics.aed.platform.problem.ProblemException;

/** The transition table of docs/architecture.md invariant 4, every pair. */
class ScheduleStatusTest {

    private static final Set<String> ALLOWED = Set.of(
            "scheduled>in_progress",
            "scheduled>cancelled",
            "scheduled>missed",
            "in_progress>completed",
            "in_progress>cancelled",
            "in_progress>scheduled");

    @Test
    void exactlyTheTableIsAllowed() {
        for (ScheduleStatus from : ScheduleStatus.values()) {
            for (ScheduleStatus to : ScheduleStatus.values()) {
                boolean expected = ALLOWED.contains(from + ">" + to);
                assertThat(from.mayBecome(to)).as(from + " → " + to).isEqualTo(expected);
            }
        }
    }

    @Test
    void aRefusedTransitionNamesWhatIsAllowed() {
        assertThatThrownBy(() -> ScheduleStatus.missed.requireTransitionTo(ScheduleStatus.cancelled))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().name()).isEqualTo("invalid-transition");
                    assertThat(e.problem().members()).containsEntry("from", "missed");
                    assertThat(e.problem().members()).containsEntry("to", "cancelled");
                });
        assertThatThrownBy(() -> ScheduleStatus.in_progress.requireEditable())
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().members().get("allowed"))
                                .asList()
                                .containsExactlyInAnyOrder("completed", "cancelled", "scheduled"));
    }

    @Test
    void onlyAScheduledScheduleIsEditableAndOnlyACancelledOneFreesItsWindow() {
        ScheduleStatus.scheduled.requireEditable();
        for (ScheduleStatus status : EnumSet.complementOf(EnumSet.of(ScheduleStatus.scheduled))) {
            assertThatThrownBy(status::requireEditable).isInstanceOf(ProblemException.class);
        }
        for (ScheduleStatus status : ScheduleStatus.values()) {
            assertThat(status.holdsWindow()).isEqualTo(status != ScheduleStatus.cancelled);
        }
    }
}
