package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pics.aed.egen.Dataset;
import pics.aed.egen.EgenSimulator;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/**
 * The feed pipeline against the e-gen simulator over HTTP, real PostgreSQL and Kafka. Each test starts from its own
 * fixture (the healthy feed landed, or an empty registry) and passes in any order.
 */
@QuarkusTest
class FeedSyncTest extends FromTheHealthyFeed {

    /** The fixture's own events are out before a test counts what it adds. */
    @BeforeEach
    void fixtureEventsPublished() {
        Registry.awaitPublished();
    }

    /** Each device's events on the topic so far, to count what a test adds. */
    static Map<String, Long> eventsPerDevice() {
        return KafkaEvents.readAll(Topics.DEVICES).stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        KafkaEvents.Event::key, java.util.stream.Collectors.counting()));
    }

    /** The device's events since {@code before} was taken. */
    static List<KafkaEvents.Event> eventsSince(Map<String, Long> before, String serial) {
        List<KafkaEvents.Event> all = KafkaEvents.readAll(Topics.DEVICES, serial);
        return all.subList(before.getOrDefault(serial, 0L).intValue(), all.size());
    }

    static long deviceEventsSince(Map<String, Long> before, Set<String> serials) {
        return KafkaEvents.readAll(Topics.DEVICES).stream()
                        .filter(e -> serials.contains(e.key()))
                        .count()
                - serials.stream().mapToLong(s -> before.getOrDefault(s, 0L)).sum();
    }

    static Set<String> serials() {
        return new HashSet<>(egen.dataset().serials());
    }

    static void awaitRunEvent(String runId) {
        KafkaEvents.awaitRecords(Topics.SYNC_RUNS, e -> runId.equals(e.key()), 1, Duration.ofSeconds(30));
    }

    @Test
    void fullSyncLandsEveryDeviceExactlyWithOneEventEach() {
        Registry.empty();
        Map<String, Long> eventsBefore = eventsPerDevice();
        egen.faults().slowPages(150); // long enough to look at the database while the run reads the feed
        String id = Runs.start("full");
        boolean seenReading = false;
        while (egen.feedRequests() < EgenSimulatorResource.DEVICES / EgenSimulatorResource.PAGE_SIZE) {
            // reading the feed holds no transaction open and no row lock: nothing waits on e-gen
            assertThat(NoTransactionOverNetworkTest.registryWriters())
                    .as("row writers while reading")
                    .isZero();
            assertThat(NoTransactionOverNetworkTest.idleInTransaction())
                    .as("sessions idle in transaction while reading")
                    .isZero();
            assertThat(Database.count("registry.devices"))
                    .as("devices visible while reading")
                    .isZero();
            seenReading = true;
            Runs.sleep(20);
        }
        assertThat(seenReading).isTrue();
        JsonPath run = Runs.await(id);

        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getString("mode")).isEqualTo("full");
        assertThat(run.getString("trigger")).isEqualTo("manual");
        assertThat(run.getLong("fetched")).isEqualTo(N);
        assertThat(run.getLong("inserted")).isEqualTo(N);
        assertThat(run.getLong("rejected") + run.getLong("updated") + run.getLong("unchanged"))
                .isZero();
        assertThat(Database.count("registry.devices")).isEqualTo(N);
        // field by field, a sample of devices is exactly what the feed says
        for (int i : new int[] {0, 1, 1234, N - 1}) {
            Dataset.Device d = egen.dataset().device(i);
            Map<String, Object> row = Database.rows(
                            "select * from registry.devices where equipment_serial = ?", d.serialSeq())
                    .get(0);
            assertThat(row.get("sido")).isEqualTo(d.sido());
            assertThat(row.get("gugun")).isEqualTo(d.gugun());
            assertThat(row.get("institution")).isEqualTo(d.org());
            assertThat(row.get("address")).isEqualTo(d.buildAddress());
            assertThat(row.get("model")).isEqualTo(d.model());
            assertThat(row.get("manufacturer")).isEqualTo(d.mfg());
            assertThat(row.get("latitude")).isEqualTo(d.wgs84Lat() == null ? null : Double.valueOf(d.wgs84Lat()));
            assertThat(row.get("data_status")).isEqualTo("active");
        }
        String runId = run.getString("id");
        awaitRunEvent(runId);
        Set<String> serials = serials();
        KafkaEvents.awaitRecords(
                Topics.DEVICES,
                e -> serials.contains(e.key()),
                N
                        + (int) serials.stream()
                                .mapToLong(s -> eventsBefore.getOrDefault(s, 0L))
                                .sum(),
                Duration.ofSeconds(60));
        assertThat(deviceEventsSince(eventsBefore, serials)).isEqualTo(N);
        assertThat(KafkaEvents.readAll(Topics.SYNC_RUNS, runId))
                .singleElement()
                .satisfies(e -> assertThat(e.headers()).containsEntry("ce_type", "pics.aed.sync-run.succeeded"));
    }

    @Test
    void aRunOverAnUnchangedFeedChangesNothingAndEmitsNothing() {
        String before = Registry.fingerprint();
        Map<String, Long> eventsBefore = eventsPerDevice();

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getLong("unchanged")).isEqualTo(N);
        assertThat(run.getLong("inserted") + run.getLong("updated") + run.getLong("missing"))
                .isZero();
        assertThat(Registry.fingerprint()).isEqualTo(before);
        awaitRunEvent(run.getString("id"));
        assertThat(deviceEventsSince(eventsBefore, serials())).isZero();

        JsonPath full = Runs.run("full");
        assertThat(full.getLong("unchanged")).isEqualTo(N);
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void oneChangedDeviceGivesOneUpdateAndOneEvent() {
        String serial = egen.dataset().device(7).serialSeq();
        Map<String, Long> eventsBefore = eventsPerDevice();
        // the registry's copy differs from the feed: as if e-gen had changed the device since the last run
        Database.execute(
                "update registry.devices set institution = 'old name', feed_hash = 'stale'"
                        + " where equipment_serial = ?",
                serial);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getLong("updated")).isEqualTo(1);
        assertThat(run.getLong("unchanged")).isEqualTo(N - 1);
        assertThat(Database.<String>scalar(
                        "select institution from registry.devices where equipment_serial = ?", serial))
                .isEqualTo(egen.dataset().device(7).org());
        awaitRunEvent(run.getString("id"));
        assertThat(eventsSince(eventsBefore, serial))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.value()).contains(egen.dataset().device(7).org()));
    }

    @Test
    void fullModeRepairsARowChangedBehindTheHash() {
        String serial = egen.dataset().device(8).serialSeq();
        Database.execute("update registry.devices set model = 'tampered' where equipment_serial = ?", serial);

        assertThat(Runs.run("incremental").getLong("updated")).isZero(); // the stored hash still matches the feed
        JsonPath full = Runs.run("full");

        assertThat(full.getLong("updated")).isEqualTo(1);
        assertThat(Database.<String>scalar("select model from registry.devices where equipment_serial = ?", serial))
                .isEqualTo(egen.dataset().device(8).model());
    }

    @Test
    void aStaleHashOverUnchangedContentIsRewrittenSilently() {
        // a hash of an older definition (or corrupted): the columns still equal the feed's
        String serial = egen.dataset().device(9).serialSeq();
        String hash = Database.scalar("select feed_hash from registry.devices where equipment_serial = ?", serial);
        Database.execute(
                "update registry.devices set feed_hash = 'older definition' where equipment_serial = ?", serial);
        String before =
                Database.scalar("select md5(d::text) from registry.devices d where equipment_serial = ?", serial);
        int eventsBefore = KafkaEvents.readAll(Topics.DEVICES, serial).size();

        JsonPath run = Runs.run("incremental");

        assertThat(run.getLong("updated")).isZero();
        assertThat(run.getLong("unchanged")).isEqualTo(N);
        assertThat(Database.<String>scalar("select feed_hash from registry.devices where equipment_serial = ?", serial))
                .isEqualTo(hash);
        Database.execute(
                "update registry.devices set feed_hash = 'older definition' where equipment_serial = ?", serial);
        assertThat(Database.<String>scalar(
                        "select md5(d::text) from registry.devices d where equipment_serial = ?", serial))
                .as("nothing but the hash was written")
                .isEqualTo(before);
        Database.execute("update registry.devices set feed_hash = ? where equipment_serial = ?", hash, serial);
        awaitRunEvent(run.getString("id"));
        assertThat(KafkaEvents.readAll(Topics.DEVICES, serial)).hasSize(eventsBefore);
    }

    @Test
    void aDeviceEGenChangedGivesOneUpdateAndOneEvent() {
        String serial = egen.dataset().device(11).serialSeq();
        int eventsBefore = KafkaEvents.readAll(Topics.DEVICES, serial).size();
        egen.faults().changeDevice(11);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getLong("updated")).isEqualTo(1);
        assertThat(run.getLong("unchanged")).isEqualTo(N - 1);
        assertThat(Database.<String>scalar("select position from registry.devices where equipment_serial = ?", serial))
                .endsWith("(이전 설치)");
        awaitRunEvent(run.getString("id"));
        assertThat(KafkaEvents.readAll(Topics.DEVICES, serial))
                .hasSize(eventsBefore + 1)
                .last()
                .satisfies(e -> assertThat(e.value()).contains("(이전 설치)"));

        egen.reset(); // e-gen changes it back: one more update, and the registry is as before
        assertThat(Runs.run("incremental").getLong("updated")).isEqualTo(1);
    }

    @Test
    void invalidFeedRecordsAreRejectedWithReasonsWhileTheRestLands() {
        // every 1000th record is broken: #999 outside Korea, #1999 an unknown gugun, #2999 the serial of #2998 again
        egen.faults().invalidRecordsEvery(1000);
        String fingerprintOfOthers = Database.scalar("select md5(string_agg(d.equipment_serial || d.position, '|'"
                + " order by equipment_serial)) from registry.devices d");

        JsonPath run = Runs.run("full");

        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getLong("fetched")).isEqualTo(N);
        assertThat(run.getLong("rejected")).isEqualTo(3);
        assertThat(run.getLong("inserted")
                        + run.getLong("updated")
                        + run.getLong("unchanged")
                        + run.getLong("rejected"))
                .isEqualTo(N);
        List<Map<String, Object>> rejects = given().auth()
                .oauth2(Runs.MASTER)
                .get("/api/sync/runs/" + run.getString("id") + "/rejects")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertThat(rejects)
                .extracting(r -> r.get("equipmentSerial") + " " + r.get("stage"))
                .containsExactlyInAnyOrder(
                        egen.dataset().device(999).serialSeq() + " business",
                        egen.dataset().device(1999).serialSeq() + " business",
                        egen.dataset().device(2998).serialSeq() + " business");
        assertThat(rejects)
                .allSatisfy(r -> assertThat((String) r.get("reason")).isNotBlank())
                .allSatisfy(r -> assertThat((String) r.get("raw")).isNotBlank());
        // the rejected records changed nothing; the device whose serial was taken by a duplicate went missing
        String serialTaken = egen.dataset().device(2999).serialSeq();
        assertThat(Database.<String>scalar(
                        "select data_status from registry.devices where equipment_serial = ?", serialTaken))
                .isEqualTo("missing");
        assertThat(run.getLong("missing")).isEqualTo(1);

        egen.reset();
        JsonPath back = Runs.run("incremental");
        assertThat(back.getLong("restored")).isEqualTo(1);
        assertThat(back.getLong("rejected")).isZero();
        assertThat(Database.<String>scalar("select md5(string_agg(d.equipment_serial || d.position, '|'"
                        + " order by equipment_serial)) from registry.devices d"))
                .isEqualTo(fingerprintOfOthers);
    }

    @Test
    void http500sThenSuccessAreRetried() {
        egen.faults().http500(2);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getLong("unchanged")).isEqualTo(N);
        assertThat(egen.feedRequests()).isEqualTo(N / EgenSimulatorResource.PAGE_SIZE + 2);
    }

    @Test
    void http500sForeverFailTheRunAndKeepThePreviousData() {
        String before = Registry.fingerprint();
        egen.faults().http500Forever(true);

        JsonPath run = Runs.run("full");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("HTTP 500");
        assertThat(egen.feedRequests()).isEqualTo(4); // one try and 3 retries
        assertThat(Registry.fingerprint()).isEqualTo(before);
        Runs.assertPublished(run);
    }

    @Test
    void malformedXmlFailsTheRunAtOnce() {
        String before = Registry.fingerprint();
        egen.faults().malformedXmlOnPage(3);

        JsonPath run = Runs.run("full");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("not well-formed");
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void truncatedXmlIsRetriedThenFailsTheRun() {
        String before = Registry.fingerprint();
        egen.faults().truncatedXml(true);

        JsonPath run = Runs.run("full");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("ended before its XML did");
        assertThat(egen.feedRequests()).isEqualTo(4);
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void errorEnvelopes() {
        String before = Registry.fingerprint();
        egen.faults().errorEnvelope(30);
        JsonPath unregistered = Runs.run("full");
        assertThat(unregistered.getString("status")).isEqualTo("failed");
        assertThat(unregistered.getString("error")).contains("code 30");
        assertThat(egen.feedRequests()).isEqualTo(1); // an unregistered key is not worth retrying

        egen.reset();
        egen.faults().errorEnvelope(22);
        JsonPath limited = Runs.run("full");
        assertThat(limited.getString("status")).isEqualTo("failed");
        assertThat(limited.getString("error")).contains("code 22").contains("midnight KST");
        assertThat(egen.feedRequests()).isEqualTo(1); // the daily quota is not retried: it resets at midnight

        egen.reset();
        egen.faults().errorEnvelopeOnPage(22, 2);
        egen.faults().http500(0);
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void aPageWithoutAnyCoordinatesAbortsTheRun() {
        String before = Registry.fingerprint();
        egen.faults().missingCoordinatesOnPage(2);

        JsonPath run = Runs.run("full");

        assertThat(run.getString("status")).isEqualTo("aborted");
        assertThat(run.getString("error")).contains("without coordinates");
        assertThat(Registry.fingerprint()).isEqualTo(before);
        Runs.assertPublished(run);
    }

    @Test
    void aFeedMissing30PercentAbortsAndMarksNothingMissing() {
        String before = Registry.fingerprint();
        egen.faults().dropShare(0.30);

        JsonPath run = Runs.run("full");

        assertThat(run.getString("status")).isEqualTo("aborted");
        assertThat(run.getString("error")).contains("less than 90.0 %");
        assertThat(Database.count("registry.devices", "data_status <> 'active'"))
                .isZero();
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void aSourceThatKeepsFailingOpensTheCircuitAndLaterRunsFailFast() {
        egen.faults().http500Forever(true);
        String before = Registry.fingerprint();
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(Runs.run("incremental").getString("status")).isEqualTo("failed");
        }
        long requests = egen.feedRequests();

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("circuit breaker open");
        assertThat(egen.feedRequests()).isEqualTo(requests); // e-gen was not called at all
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void moreThanTenPercentChangedAbortsTheRunWhileFivePercentLands() {
        String before = Registry.fingerprint();
        egen.faults().changeShare(0.15);

        JsonPath tooMany = Runs.run("incremental");

        assertThat(tooMany.getString("status")).isEqualTo("aborted");
        assertThat(tooMany.getString("error"))
                .contains("would change (0 new, 450 updated, 0 restored, 0 disappearing), more than 10.0 %");
        assertThat(tooMany.getLong("updated")).isZero();
        assertThat(Registry.fingerprint()).isEqualTo(before);

        egen.faults().changeShare(0.05);
        long changed = java.util.stream.IntStream.range(0, N)
                .filter(i -> EgenSimulator.isChanged(i, 0.05))
                .count();
        assertThat(changed).isBetween(1L, N / 10L);
        JsonPath some = Runs.run("incremental");
        assertThat(some.getString("status")).isEqualTo("succeeded");
        assertThat(some.getLong("updated")).isEqualTo(changed);
        assertThat(Database.count("registry.devices", "position like '%(이전 설치)'"))
                .isEqualTo(changed);

        egen.reset(); // e-gen changes them back
        assertThat(Runs.run("incremental").getLong("updated")).isEqualTo(changed);
        assertThat(Registry.fingerprint()).isNotEqualTo(before); // updated_at moved, nothing else
        assertThat(Database.count("registry.devices", "position like '%(이전 설치)'"))
                .isZero();
    }

    @Test
    void aFieldBlankedAcrossTheFeedAbortsTheRun() {
        String before = Registry.fingerprint();
        egen.faults().blankField("org");

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("aborted");
        assertThat(run.getString("error")).contains("blanks institution on " + N + " of " + N);
        assertThat(Registry.fingerprint()).isEqualTo(before);
        Runs.assertPublished(run);
    }

    @Test
    void aDeviceAbsentForSevenRunsIsDeletionSuspectedThenRestored() {
        Map<String, Long> eventsBefore = eventsPerDevice();
        egen.faults().dropShare(0.02);
        Set<String> dropped = new HashSet<>();
        for (int i = 0; i < N; i++) {
            if (EgenSimulator.isDropped(i, 0.02)) {
                dropped.add(egen.dataset().device(i).serialSeq());
            }
        }
        assertThat(dropped).isNotEmpty();

        JsonPath first = Runs.run("incremental");
        assertThat(first.getString("status")).isEqualTo("succeeded");
        assertThat(first.getLong("missing")).isEqualTo(dropped.size());
        assertThat(Database.count("registry.devices", "data_status = 'missing'"))
                .isEqualTo(dropped.size());
        for (int run = 2; run <= 6; run++) {
            JsonPath again = Runs.run("incremental");
            assertThat(again.getLong("missing")).isEqualTo(dropped.size());
        }
        JsonPath seventh = Runs.run("incremental");
        assertThat(seventh.getLong("deletionSuspected")).isEqualTo(dropped.size());
        assertThat(seventh.getLong("missing")).isZero();
        assertThat(Database.count("registry.devices", "data_status = 'deletion_suspected'"))
                .isEqualTo(dropped.size());
        assertThat(Database.count("registry.devices")).isEqualTo(N); // never deleted

        egen.reset();
        JsonPath back = Runs.run("incremental");
        assertThat(back.getLong("restored")).isEqualTo(dropped.size());
        assertThat(back.getLong("updated")).isEqualTo(dropped.size());
        assertThat(Database.count("registry.devices", "data_status <> 'active'"))
                .isZero();
        awaitRunEvent(back.getString("id"));
        // per dropped device: missing, deletion_suspected, restored
        String one = dropped.iterator().next();
        List<String> statuses = eventsSince(eventsBefore, one).stream()
                .map(e -> io.restassured.path.json.JsonPath.from(e.value()).getString("dataStatus"))
                .toList();
        assertThat(statuses).containsExactly("missing", "deletion_suspected", "active");
    }

    @Test
    void aPageThatTimesOutIsRetriedThenFailsTheRunAndKeepsThePreviousData() {
        String before = Registry.fingerprint();
        String timeouts = "egen_sync_errors_total{type=\"timeout\"}";
        double timeoutsBefore = metrics(List.of(timeouts)).get(timeouts);
        egen.faults().slowPage(2, 6000); // beyond the 5 s read timeout, on every attempt

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).startsWith("source: page 2");
        assertThat(Registry.fingerprint()).isEqualTo(before);
        assertThat(metrics(List.of(timeouts)).get(timeouts) - timeoutsBefore).isEqualTo(4); // 1 + 3 retries
    }

    @Test
    void aFailureWhileApplyingRollsBackEveryWriteAndEveryEvent() {
        String before = Registry.fingerprint();
        Set<String> changing = new HashSet<>();
        for (int i = 0; i < N; i++) {
            if (EgenSimulator.isChanged(i, 0.05)) {
                changing.add(egen.dataset().device(i).serialSeq());
            }
        }
        String last = changing.stream().max(String::compareTo).orElseThrow();
        Map<String, Long> eventsBefore = eventsPerDevice();
        // the database refuses one of the 150 updates, as a full disk or a bug would: the others must not stay
        Database.execute("""
                CREATE FUNCTION registry.refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'test: refused update of %', NEW.equipment_serial; END $$""");
        Database.execute("CREATE TRIGGER refuse_update BEFORE UPDATE ON registry.devices FOR EACH ROW"
                + " WHEN (NEW.equipment_serial = '" + last + "') EXECUTE FUNCTION registry.refuse_update()");
        try {
            egen.faults().changeShare(0.05);

            JsonPath run = Runs.run("incremental");

            assertThat(run.getString("status")).isEqualTo("failed");
            assertThat(run.getString("error")).startsWith("internal error");
            assertThat(run.getLong("updated")).isZero();
            assertThat(Registry.fingerprint()).isEqualTo(before);
            // the relay publishes in outbox order: a device event committed before the run's would be out by now
            awaitRunEvent(run.getString("id"));
            assertThat(deviceEventsSince(eventsBefore, changing)).isZero();
        } finally {
            Database.execute("DROP TRIGGER refuse_update ON registry.devices");
            Database.execute("DROP FUNCTION registry.refuse_update()");
        }
        egen.reset();
        assertThat(Runs.run("incremental").getLong("updated")).isZero();
    }

    @Test
    void theRunsAreMeasuredWithTheSeedsMetrics() {
        // docs/sync.md "Metrics": the duration histogram by mode and status, records by outcome, errors by type, last
        // success; each counted by the runs of this test alone
        List<String> samples = List.of(
                "egen_sync_duration_seconds_count{mode=\"full\",status=\"succeeded\"}",
                "egen_sync_duration_seconds_count{mode=\"incremental\",status=\"aborted\"}",
                "egen_sync_duration_seconds_count{mode=\"incremental\",status=\"succeeded\"}",
                "egen_sync_records_total{outcome=\"inserted\"}",
                "egen_sync_records_total{outcome=\"rejected\"}",
                "egen_sync_records_total{outcome=\"missing\"}",
                "egen_sync_errors_total{type=\"http_5xx\"}",
                "egen_sync_errors_total{type=\"guard_too_many_changes\"}",
                "egen_sync_errors_total{type=\"guard_field_blanked\"}");
        Map<String, Double> before = metrics(samples);
        Registry.empty();

        assertThat(Runs.run("full").getString("status")).isEqualTo("succeeded"); // N inserted
        egen.faults().blankField("org");
        assertThat(Runs.run("incremental").getString("status")).isEqualTo("aborted");
        egen.reset();
        egen.faults().changeShare(0.15);
        assertThat(Runs.run("incremental").getString("status")).isEqualTo("aborted");
        egen.reset();
        egen.faults().invalidRecordsEvery(1000).http500(1);
        JsonPath last = Runs.run("incremental"); // 3 rejected, one of them leaving its device missing
        assertThat(last.getString("status")).isEqualTo("succeeded");

        Map<String, Double> after = metrics(samples);
        List<Double> expected = List.of(1.0, 2.0, 1.0, (double) N, 3.0, 1.0, 1.0, 1.0, 1.0);
        for (int i = 0; i < samples.size(); i++) {
            String sample = samples.get(i);
            assertThat(after.get(sample) - before.get(sample)).as(sample).isEqualTo(expected.get(i));
        }
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("egen_sync_duration_seconds_bucket{mode=\"incremental\",status=\"succeeded\"");
        double finishedAt =
                java.time.OffsetDateTime.parse(last.getString("finishedAt")).toEpochSecond();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(metric(
                                given().get("/q/metrics").then().extract().asString(),
                                "egen_sync_last_success_timestamp_seconds{mode=\"incremental\"}"))
                        .isEqualTo(finishedAt));
    }

    /** The values of these samples now; a sample not yet exposed counts 0. */
    static Map<String, Double> metrics(List<String> samples) {
        String exposition =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> values = new java.util.HashMap<>();
        for (String sample : samples) {
            values.put(
                    sample,
                    exposition.lines().anyMatch(line -> line.startsWith(sample + " "))
                            ? metric(exposition, sample)
                            : 0.0);
        }
        return values;
    }

    /** The value of one Prometheus sample, by its exact name and labels. */
    static double metric(String exposition, String sample) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(sample + " "))
                .findFirst()
                .map(line -> Double.parseDouble(
                        line.substring(sample.length() + 1).split(" # ")[0].trim()))
                .orElseThrow(() -> new AssertionError("no sample " + sample + " in /q/metrics"));
    }

    @Test
    void twoConcurrentTriggersGiveOne202AndOne409() {
        egen.faults().slowPages(200);
        CompletableFuture<Response> a = CompletableFuture.supplyAsync(() -> given().auth()
                .oauth2(Runs.MASTER)
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "incremental"))
                .post("/api/sync/runs"));
        CompletableFuture<Response> b = CompletableFuture.supplyAsync(() -> given().auth()
                .oauth2(Runs.MASTER)
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "full"))
                .post("/api/sync/runs"));
        List<Response> answers = List.of(a.join(), b.join());

        assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(202, 409);
        Response accepted =
                answers.stream().filter(r -> r.statusCode() == 202).findFirst().orElseThrow();
        Response refused =
                answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
        String runId = accepted.path("id");
        assertThat(accepted.header("Location")).endsWith("/api/sync/runs/" + runId);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.<String>path("type")).isEqualTo("https://aed.pics/problems/sync-in-progress");
        assertThat(refused.<String>path("runningRunId")).isEqualTo(runId);
        assertThat(Runs.await(runId).getString("status")).isEqualTo("succeeded");
        assertThat(Database.count("registry.sync_runs", "status = 'running'")).isZero();
    }
}
