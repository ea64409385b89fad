package pics.aed.schedules.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The window arithmetic of invariant 2: half-open ±15 minutes, so under 30 minutes conflict and 30 do not. */
class SlotTest {

    private static final OffsetDateTime T = OffsetDateTime.parse("2026-12-07T10:00:00+09:00");

    @Test
    void theSlotIsFifteenMinutesEitherSide() {
        Slot slot = Slot.around(T);
        assertThat(slot.start()).isEqualTo(T.minusMinutes(15));
        assertThat(slot.end()).isEqualTo(T.plusMinutes(15));
    }

    @Test
    void lessThanThirtyMinutesApartConflictThirtyOrMoreDoNot() {
        assertThat(Slot.conflict(T, T)).isTrue();
        assertThat(Slot.conflict(T, T.plusMinutes(29))).isTrue();
        assertThat(Slot.conflict(T, T.plusMinutes(29).plusSeconds(59))).isTrue();
        assertThat(Slot.conflict(T, T.minusMinutes(29))).isTrue();
        assertThat(Slot.conflict(T, T.plusMinutes(30))).isFalse();
        assertThat(Slot.conflict(T, T.minusMinutes(30))).isFalse();
        assertThat(Slot.conflict(T, T.plusHours(3))).isFalse();
    }

    @Test
    void offsetsDoNotMatterOnlyInstants() {
        OffsetDateTime sameInUtc = T.withOffsetSameInstant(java.time.ZoneOffset.UTC);
        assertThat(Slot.conflict(sameInUtc.plusMinutes(20), T)).isTrue();
        assertThat(Slot.conflict(sameInUtc.plusMinutes(30), T)).isFalse();
    }
}
