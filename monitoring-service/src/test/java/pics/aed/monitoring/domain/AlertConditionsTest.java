package pics.aed.monitoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pics.aed.monitoring.domain.Observations.ConsistencyCheck;
import pics.aed.monitoring.domain.Observations.ExpiredInRegion;
import pics.aed.monitoring.domain.Observations.OutboxLag;
import pics.aed.monitoring.domain.Observations.SyncHealth;
import pics.aed.monitoring.domain.Observations.SyncRun;

class AlertConditionsTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-02T05:00:00Z");
    private final AlertConditions rules = new AlertConditions(3, Duration.ofHours(1), Duration.ofMinutes(5));

    private static Observations seeing(SyncHealth health) {
        return new Observations(
                NOW,
                Optional.of(health),
                Optional.of(0),
                Optional.of(0),
                Optional.of(List.of()),
                Optional.of(List.of()),
                Optional.of(List.of()));
    }

    private static SyncRun run(String status, Duration ago) {
        return new SyncRun("r-" + status, "full", status, NOW.minus(ago), null, status + " because");
    }

    @Test
    void nothingWrongMeansNothingHolds() {
        Map<AlertRule, List<Condition>> holding =
                rules.holding(seeing(new SyncHealth(NOW, null, 0, run("succeeded", Duration.ofHours(2)), null)));
        assertThat(holding).containsOnlyKeys(AlertRule.values());
        assertThat(holding.values())
                .allSatisfy(conditions -> assertThat(conditions).isEmpty());
    }

    @Test
    void syncFailingFromTheThirdConsecutiveFailure() {
        assertThat(rules.holding(seeing(new SyncHealth(null, NOW, 2, run("failed", Duration.ZERO), null)))
                        .get(AlertRule.SYNC_FAILING))
                .isEmpty();
        assertThat(rules.holding(seeing(new SyncHealth(null, NOW, 3, run("failed", Duration.ZERO), null)))
                        .get(AlertRule.SYNC_FAILING))
                .singleElement()
                .satisfies(condition -> assertThat(condition.summary()).contains("3 consecutive", "failed because"));
    }

    @Test
    void syncTooLongAfterAnHourPerRun() {
        SyncRun running = run("running", Duration.ofMinutes(61));
        assertThat(rules.holding(seeing(new SyncHealth(null, null, 0, null, running)))
                        .get(AlertRule.SYNC_TOO_LONG))
                .singleElement()
                .satisfies(condition -> assertThat(condition.labels()).containsEntry("runId", running.id()));
        assertThat(rules.holding(seeing(new SyncHealth(null, null, 0, null, run("running", Duration.ofMinutes(59)))))
                        .get(AlertRule.SYNC_TOO_LONG))
                .isEmpty();
    }

    @Test
    void syncAbortedWhileTheLatestFinishedRunIsAborted() {
        assertThat(rules.holding(seeing(new SyncHealth(null, NOW, 1, run("aborted", Duration.ZERO), null)))
                        .get(AlertRule.SYNC_ABORTED))
                .hasSize(1);
        assertThat(rules.holding(seeing(new SyncHealth(NOW, NOW, 0, run("succeeded", Duration.ZERO), null)))
                        .get(AlertRule.SYNC_ABORTED))
                .isEmpty();
    }

    @Test
    void oneDriftAlertPerCheckOneBacklogAlertPerServiceOneReadinessAlertPerGugun() {
        Observations seen = new Observations(
                NOW,
                Optional.empty(),
                Optional.of(1),
                Optional.of(0),
                Optional.of(List.of(
                        new ConsistencyCheck("a", 2, List.of("x", "y")), new ConsistencyCheck("b", 0, List.of()))),
                Optional.of(List.of(
                        new OutboxLag("sessions-service", 3, Duration.ofMinutes(6)),
                        new OutboxLag("sync-service", 80_000, Duration.ofMinutes(4)))),
                Optional.of(
                        List.of(new ExpiredInRegion("서울특별시", "종로구", 1, 0), new ExpiredInRegion("부산광역시", "중구", 0, 2))));
        Map<AlertRule, List<Condition>> holding = rules.holding(seen);
        assertThat(holding).doesNotContainKeys(AlertRule.SYNC_FAILING, AlertRule.SYNC_TOO_LONG, AlertRule.SYNC_ABORTED);
        assertThat(holding.get(AlertRule.DUPLICATE_OPEN_SESSIONS)).hasSize(1);
        assertThat(holding.get(AlertRule.DUPLICATE_SCHEDULES)).isEmpty();
        assertThat(holding.get(AlertRule.CONSISTENCY_DRIFT))
                .singleElement()
                .satisfies(c -> assertThat(c.labels()).isEqualTo(Map.of("check", "a")));
        assertThat(holding.get(AlertRule.OUTBOX_BACKLOG))
                .singleElement()
                .satisfies(c -> assertThat(c.labels()).isEqualTo(Map.of("service", "sessions-service")));
        assertThat(holding.get(AlertRule.DEVICE_READINESS))
                .extracting(Condition::labels)
                .containsExactly(Map.of("sido", "서울특별시", "gugun", "종로구"), Map.of("sido", "부산광역시", "gugun", "중구"));
    }
}
