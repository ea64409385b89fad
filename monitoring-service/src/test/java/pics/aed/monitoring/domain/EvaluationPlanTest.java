package pics.aed.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvaluationPlanTest {

    private static final Condition DUPLICATES = Condition.of(AlertRule.DUPLICATE_OPEN_SESSIONS, "2 devices");
    private static final Condition JONGNO =
            new Condition(AlertRule.DEVICE_READINESS, Map.of("sido", "서울특별시", "gugun", "종로구"), "3 expired");
    private static final Condition GANGNAM =
            new Condition(AlertRule.DEVICE_READINESS, Map.of("sido", "서울특별시", "gugun", "강남구"), "1 expired");

    private static Alert firing(Condition condition) {
        OffsetDateTime at = OffsetDateTime.now();
        return new Alert(
                UUID.randomUUID(),
                condition.rule().wireName(),
                condition.fingerprint(),
                condition.rule().severity(),
                Alert.AlertStatus.firing,
                condition.summary(),
                condition.labels(),
                at,
                null,
                at);
    }

    private static Map<AlertRule, List<Condition>> holding(AlertRule rule, Condition... conditions) {
        Map<AlertRule, List<Condition>> holding = new EnumMap<>(AlertRule.class);
        holding.put(rule, List.of(conditions));
        return holding;
    }

    @Test
    void aNewConditionFires() {
        EvaluationPlan plan = EvaluationPlan.of(holding(AlertRule.DUPLICATE_OPEN_SESSIONS, DUPLICATES), List.of());
        assertThat(plan.toFire()).containsExactly(DUPLICATES);
        assertThat(plan.toResolve()).isEmpty();
    }

    @Test
    void aConditionStillHoldingDoesNotFireAgain() {
        Alert alert = firing(DUPLICATES);
        Condition now = Condition.of(AlertRule.DUPLICATE_OPEN_SESSIONS, "3 devices");
        EvaluationPlan plan = EvaluationPlan.of(holding(AlertRule.DUPLICATE_OPEN_SESSIONS, now), List.of(alert));
        assertThat(plan.toFire()).isEmpty();
        assertThat(plan.toResolve()).isEmpty();
        assertThat(plan.stillFiring()).containsEntry(alert, now);
    }

    @Test
    void aConditionThatStoppedResolves() {
        Alert alert = firing(DUPLICATES);
        EvaluationPlan plan = EvaluationPlan.of(holding(AlertRule.DUPLICATE_OPEN_SESSIONS), List.of(alert));
        assertThat(plan.toResolve()).containsExactly(alert);
        assertThat(plan.toFire()).isEmpty();
    }

    @Test
    void aRuleThatCouldNotBeEvaluatedNeitherFiresNorResolves() {
        Alert alert = firing(DUPLICATES);
        EvaluationPlan plan = EvaluationPlan.of(holding(AlertRule.DEVICE_READINESS), List.of(alert));
        assertThat(plan.toResolve()).isEmpty();
        assertThat(plan.stillFiring()).isEmpty();
    }

    @Test
    void onePerLabelSetEachOnItsOwn() {
        Alert jongno = firing(JONGNO);
        EvaluationPlan plan = EvaluationPlan.of(holding(AlertRule.DEVICE_READINESS, GANGNAM), List.of(jongno));
        assertThat(plan.toFire()).containsExactly(GANGNAM);
        assertThat(plan.toResolve()).containsExactly(jongno);
    }

    @Test
    void theSameConditionTwiceFiresOnce() {
        EvaluationPlan plan = EvaluationPlan.of(holding(AlertRule.DEVICE_READINESS, JONGNO, JONGNO), List.of());
        assertThat(plan.toFire()).containsExactly(JONGNO);
    }
}
