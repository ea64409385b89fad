package pics.aed.monitoring.live.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import pics.aed.platform.problem.ProblemException;

class ResumePointTest {

    @Test
    void without_a_last_event_id_the_stream_starts_at_the_head() {
        assertThat(ResumePoint.decide(null, 10, 50)).isEqualTo(new ResumePoint(50, false, null));
        assertThat(ResumePoint.decide(" ", 10, 50)).isEqualTo(new ResumePoint(50, false, null));
    }

    @Test
    void a_retained_position_resumes_right_after_it() {
        assertThat(ResumePoint.decide("42", 10, 50)).isEqualTo(new ResumePoint(42, false, "42"));
        assertThat(ResumePoint.decide("50", 10, 50)).isEqualTo(new ResumePoint(50, false, "50"));
    }

    @Test
    void the_last_pruned_position_still_resumes_everything_after_it_is_kept() {
        assertThat(ResumePoint.decide("10", 10, 50).reset()).isFalse();
    }

    @Test
    void a_pruned_position_gets_a_reset_and_follows_from_the_head() {
        assertThat(ResumePoint.decide("9", 10, 50)).isEqualTo(new ResumePoint(50, true, "9"));
        assertThat(ResumePoint.decide("0", 10, 50).reset()).isTrue();
    }

    @Test
    void a_position_beyond_the_head_is_not_of_this_log_and_gets_a_reset() {
        assertThat(ResumePoint.decide("51", 10, 50)).isEqualTo(new ResumePoint(50, true, "51"));
    }

    @Test
    void an_id_that_is_not_a_position_is_rejected() {
        for (String bad : new String[] {"abc", "-1", "1.5", "99999999999999999999"}) {
            assertThatThrownBy(() -> ResumePoint.decide(bad, 0, 50))
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.problem().status()).isEqualTo(400));
        }
    }
}
