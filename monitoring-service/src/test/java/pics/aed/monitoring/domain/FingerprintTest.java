package pics.aed.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void theSameRuleAndLabelsInAnyOrderGiveTheSameFingerprint() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("sido", "서울특별시");
        one.put("gugun", "중구");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("gugun", "중구");
        other.put("sido", "서울특별시");
        assertThat(Fingerprint.of(AlertRule.DEVICE_READINESS, one))
                .isEqualTo(Fingerprint.of(AlertRule.DEVICE_READINESS, other))
                .hasSize(16)
                .matches("[0-9a-f]{16}");
    }

    @Test
    void aLabelOrTheRuleMakesADifferentFingerprint() {
        String seoulJunggu = Fingerprint.of(AlertRule.DEVICE_READINESS, Map.of("sido", "서울특별시", "gugun", "중구"));
        String busanJunggu = Fingerprint.of(AlertRule.DEVICE_READINESS, Map.of("sido", "부산광역시", "gugun", "중구"));
        assertThat(seoulJunggu).isNotEqualTo(busanJunggu);
        assertThat(Fingerprint.of(AlertRule.SYNC_FAILING, Map.of()))
                .isNotEqualTo(Fingerprint.of(AlertRule.SYNC_ABORTED, Map.of()));
    }

    @Test
    void labelsCannotBeShiftedIntoEachOther() {
        assertThat(Fingerprint.of(AlertRule.CONSISTENCY_DRIFT, Map.of("a", "x\nb=y")))
                .isNotEqualTo(Fingerprint.of(AlertRule.CONSISTENCY_DRIFT, Map.of("a", "x", "b", "y")));
    }
}
