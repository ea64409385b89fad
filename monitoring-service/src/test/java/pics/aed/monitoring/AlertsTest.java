package pics.aed.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.monitoring.domain.AlertRule;
import pics.aed.monitoring.domain.Fingerprint;
import pics.aed.monitoring.domain.ReadinessCriteria;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/**
 * Every alert rule fires once while its condition holds and resolves once when it stops, however often it is
 * evaluated (in turn or at once): in the database, on monitoring.alerts.v1 and at a real webhook. A webhook that is
 * down gets every message afterwards, once each and in order.
 */
@QuarkusTest
class AlertsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static WebhookReceiver webhook;

    @BeforeAll
    static void startWebhook() {
        webhook = WebhookReceiver.started();
    }

    @AfterAll
    static void stopWebhook() {
        webhook.close();
    }

    private static JsonPath evaluate() {
        return Planted.cron().then().statusCode(200).extract().jsonPath();
    }

    private static List<String> firedFingerprints(JsonPath evaluation) {
        return evaluation.getList("fired.fingerprint", String.class);
    }

    private static List<String> resolvedFingerprints(JsonPath evaluation) {
        return evaluation.getList("resolved.fingerprint", String.class);
    }

    /** The alert rows of one condition that started after {@code since}. */
    private static List<Map<String, Object>> episodes(String fingerprint, OffsetDateTime since) {
        return Database.rows(
                "SELECT id::text AS id, status, ends_at FROM monitoring.alerts WHERE fingerprint = ? AND starts_at >= ?",
                fingerprint,
                since);
    }

    /** The events about one alert (by id) on monitoring.alerts.v1, waiting for at least {@code count}. */
    private static List<String> eventTypes(String alertId, int count) {
        return KafkaEvents.awaitRecords(
                        Topics.ALERTS,
                        event -> new JsonObject(event.value())
                                .getString("alertId")
                                .equals(alertId),
                        count,
                        WAIT)
                .stream()
                .map(event -> event.headers().get("ce_type"))
                .toList();
    }

    @Test
    void everyRuleFiresOnceAndResolvesOnce() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        String gugun = "경보구-" + UUID.randomUUID().toString().substring(0, 8);
        String expiredDevice = Planted.serial();
        UUID runningRun;
        Map<String, String> expected = new LinkedHashMap<>();
        try (Planted planted = new Planted()) {
            planted.duplicateOpenSessions(planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO));
            planted.dropScheduleOverlapConstraint();
            String crowded = Planted.serial();
            OffsetDateTime at = OffsetDateTime.now().plusDays(2);
            planted.schedule(crowded, at, "scheduled", null);
            planted.schedule(crowded, at.plusMinutes(10), "scheduled", null);
            planted.completedSessionWithAssignmentInProgress(
                    planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO));
            planted.unpublishedOutboxEvent(6);
            planted.syncRun("failed", 300, "e-gen answered 500");
            planted.syncRun("failed", 240, "e-gen answered 500");
            planted.syncRun("aborted", 180, "guard: 14% of the registry would change");
            runningRun = planted.syncRun("running", 90, null);
            LocalDate today = LocalDate.now(ReadinessCriteria.KOREA);
            Events.device(
                    expiredDevice,
                    Planted.SEOUL,
                    gugun,
                    today.minusDays(3),
                    today.plusDays(90),
                    today,
                    "active",
                    OffsetDateTime.now().minusMinutes(5));
            await().atMost(WAIT)
                    .until(() -> Database.count("monitoring.devices", "equipment_serial = ?", expiredDevice) == 1);

            expected.put("duplicate-open-sessions", Fingerprint.of(AlertRule.DUPLICATE_OPEN_SESSIONS, Map.of()));
            expected.put("duplicate-schedules", Fingerprint.of(AlertRule.DUPLICATE_SCHEDULES, Map.of()));
            expected.put(
                    "consistency-drift completed",
                    Fingerprint.of(
                            AlertRule.CONSISTENCY_DRIFT,
                            Map.of("check", "completed-session-assignment-not-completed")));
            expected.put(
                    "consistency-drift in-progress",
                    Fingerprint.of(
                            AlertRule.CONSISTENCY_DRIFT,
                            Map.of("check", "in-progress-assignment-without-open-session")));
            expected.put(
                    "consistency-drift outbox",
                    Fingerprint.of(AlertRule.CONSISTENCY_DRIFT, Map.of("check", "outbox-event-unpublished")));
            expected.put(
                    "outbox-backlog", Fingerprint.of(AlertRule.OUTBOX_BACKLOG, Map.of("service", "sessions-service")));
            expected.put("sync-failing", Fingerprint.of(AlertRule.SYNC_FAILING, Map.of()));
            expected.put("sync-aborted", Fingerprint.of(AlertRule.SYNC_ABORTED, Map.of()));
            expected.put(
                    "sync-too-long", Fingerprint.of(AlertRule.SYNC_TOO_LONG, Map.of("runId", runningRun.toString())));
            expected.put(
                    "device-readiness",
                    Fingerprint.of(AlertRule.DEVICE_READINESS, Map.of("sido", Planted.SEOUL, "gugun", gugun)));

            JsonPath first = evaluate();
            assertThat(first.getList("rulesFailed")).isEmpty();
            assertThat(firedFingerprints(first)).containsAll(expected.values());
            for (int i = 0; i < 2; i++) {
                assertThat(firedFingerprints(evaluate())).doesNotContainAnyElementsOf(expected.values());
            }
            expected.forEach((what, fingerprint) -> {
                List<Map<String, Object>> rows = episodes(fingerprint, since);
                assertThat(rows).as(what).hasSize(1);
                assertThat(rows.get(0).get("status")).as(what).isEqualTo("firing");
            });
        }
        Events.device(
                expiredDevice,
                Planted.SEOUL,
                gugun,
                LocalDate.now().plusYears(1),
                LocalDate.now().plusYears(1),
                LocalDate.now(ReadinessCriteria.KOREA),
                "active",
                OffsetDateTime.now());
        await().atMost(WAIT)
                .until(() -> Database.count(
                                "monitoring.devices",
                                "equipment_serial = ? AND battery_expiry_date > current_date",
                                expiredDevice)
                        == 1);

        JsonPath resolving = evaluate();
        assertThat(resolvedFingerprints(resolving)).containsAll(expected.values());
        for (int i = 0; i < 2; i++) {
            JsonPath again = evaluate();
            assertThat(resolvedFingerprints(again)).doesNotContainAnyElementsOf(expected.values());
            assertThat(firedFingerprints(again)).doesNotContainAnyElementsOf(expected.values());
        }
        expected.forEach((what, fingerprint) -> {
            Map<String, Object> row = episodes(fingerprint, since).get(0);
            assertThat(row.get("status")).as(what).isEqualTo("resolved");
            assertThat(row.get("ends_at")).as(what).isNotNull();
            assertThat(eventTypes((String) row.get("id"), 2))
                    .as(what)
                    .containsExactly(EventTypes.ALERT_FIRING, EventTypes.ALERT_RESOLVED);
        });
        await().atMost(WAIT)
                .untilAsserted(() ->
                        expected.forEach((what, fingerprint) -> assertThat(webhook.textsAbout(fingerprint).stream()
                                        .filter(text -> text.contains(fingerprint))
                                        .map(text -> text.substring(0, text.indexOf(' ')))
                                        .toList())
                                .as(what)
                                .endsWith("[FIRING", "[RESOLVED")));
        expected.forEach((what, fingerprint) -> assertThat(Database.count(
                        "monitoring.webhook_deliveries d JOIN monitoring.alerts a ON a.id = d.alert_id",
                        "a.fingerprint = ? AND a.starts_at >= ? AND d.delivered_at IS NOT NULL",
                        fingerprint,
                        since))
                .as(what)
                .isEqualTo(2));
    }

    @Test
    void aFiringAlertShowsWhatTheLatestEvaluationSaw() {
        String fingerprint =
                Fingerprint.of(AlertRule.CONSISTENCY_DRIFT, Map.of("check", "open-session-on-unknown-device"));
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        try (Planted planted = new Planted()) {
            // a check no other test of this class plants, so that their time windows never see this alert
            planted.openSession(Planted.serial(), "kim");
            assertThat(firedFingerprints(evaluate())).contains(fingerprint);
            planted.openSession(Planted.serial(), "kim");
            assertThat(firedFingerprints(evaluate())).doesNotContain(fingerprint);

            assertThat(episodes(fingerprint, since)).hasSize(1);
            assertThat(Database.count(
                            "monitoring.alerts",
                            "fingerprint = ? AND starts_at >= ? AND status = 'firing'"
                                    + " AND summary LIKE '% found 2 row(s)%' AND last_evaluated_at > starts_at",
                            fingerprint,
                            since))
                    .as("the firing alert's summary and evaluation time follow the latest evaluation")
                    .isEqualTo(1);
        }
        assertThat(resolvedFingerprints(evaluate())).contains(fingerprint);
    }

    @Test
    void aWebhookThatIsDownGetsEveryTransitionAfterwardsOnceEach() {
        String fingerprint = Fingerprint.of(AlertRule.DUPLICATE_OPEN_SESSIONS, Map.of());
        webhook.stop();
        String alertId;
        try {
            int before = webhook.texts().size();
            try (Planted planted = new Planted()) {
                planted.duplicateOpenSessions(planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO));
                alertId = evaluate().getString("fired.find { it.fingerprint == '" + fingerprint + "' }.id");
                assertThat(alertId).isNotNull();
            }
            assertThat(resolvedFingerprints(evaluate())).contains(fingerprint);
            // the webhook refuses connections: both messages wait, retried with backoff, and evaluation goes on
            await().atMost(WAIT)
                    .until(() -> Database.count(
                                    "monitoring.webhook_deliveries",
                                    "alert_id = ?::uuid AND delivered_at IS NULL AND attempts >= 2",
                                    alertId)
                            >= 1);
            assertThat(evaluate().getList("rulesFailed")).isEmpty();
            assertThat(webhook.texts()).hasSize(before);
            assertThat(eventTypes(alertId, 2)).containsExactly(EventTypes.ALERT_FIRING, EventTypes.ALERT_RESOLVED);
        } finally {
            webhook.start();
        }
        await().atMost(WAIT)
                .until(() -> Database.count(
                                "monitoring.webhook_deliveries",
                                "alert_id = ?::uuid AND delivered_at IS NOT NULL",
                                alertId)
                        == 2);
        List<String> received = webhook.textsAbout(fingerprint);
        assertThat(received.subList(received.size() - 2, received.size()))
                .satisfiesExactly(
                        text -> assertThat(text).startsWith("[FIRING critical] duplicate-open-sessions"),
                        text -> assertThat(text).startsWith("[RESOLVED critical] duplicate-open-sessions"));
        long forThisAlert = Database.count("monitoring.webhook_deliveries", "alert_id = ?::uuid", alertId);
        assertThat(forThisAlert).isEqualTo(2);
    }

    @Test
    void concurrentEvaluationsFireAndResolveOnce() throws Exception {
        String fingerprint = Fingerprint.of(AlertRule.DUPLICATE_OPEN_SESSIONS, Map.of());
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<String> fired;
            try (Planted planted = new Planted()) {
                planted.duplicateOpenSessions(planted.registryDevice(Planted.serial(), Planted.SEOUL, Planted.JONGNO));
                fired = allAtOnce(pool, callers, AlertsTest::firedFingerprints);
            }
            List<String> resolved = allAtOnce(pool, callers, AlertsTest::resolvedFingerprints);
            assertThat(fired.stream().filter(fingerprint::equals)).hasSize(1);
            assertThat(resolved.stream().filter(fingerprint::equals)).hasSize(1);
            List<Map<String, Object>> rows = episodes(fingerprint, since);
            assertThat(rows).hasSize(1);
            String alertId = (String) rows.get(0).get("id");
            assertThat(eventTypes(alertId, 2)).containsExactly(EventTypes.ALERT_FIRING, EventTypes.ALERT_RESOLVED);
            assertThat(Database.count("monitoring.webhook_deliveries", "alert_id = ?::uuid", alertId))
                    .isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code callers} evaluations started together; the fingerprints each reported, all together. */
    private static List<String> allAtOnce(
            ExecutorService pool, int callers, java.util.function.Function<JsonPath, List<String>> reported)
            throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Future<List<String>>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Callable<List<String>> call = () -> {
                go.await();
                return reported.apply(evaluate());
            };
            calls.add(pool.submit(call));
        }
        go.countDown();
        List<String> all = new ArrayList<>();
        for (Future<List<String>> call : calls) {
            all.addAll(call.get());
        }
        return all;
    }
}
