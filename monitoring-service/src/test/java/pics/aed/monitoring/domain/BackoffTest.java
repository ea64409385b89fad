package pics.aed.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void doublesFromTheFirstWaitUpToTheCap() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.after(7)).isEqualTo(Duration.ofSeconds(300));
        assertThat(backoff.after(8)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void neverOverflowsHoweverLongTheWebhookIsDown() {
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(64)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aCapBelowTheFirstWaitWins() {
        assertThat(new Backoff(Duration.ofMinutes(1), Duration.ofSeconds(10)).after(1))
                .isEqualTo(Duration.ofSeconds(10));
    }
}
