package pics.aed.monitoring.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import pics.aed.events.EventTypes;
import pics.aed.monitoring.MonitoringServiceTestServers;
import pics.aed.monitoring.live.SseClient.Frame;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/** The live stream against the real log, PostgreSQL and Kafka: resume, scope, fan-out. */
@QuarkusTest
class EventStreamTest extends MonitoringServiceTestServers {

    private static final String STARTED = EventTypes.SESSION_STARTED;

    @TestHTTPResource("/api/monitoring/events")
    URI events;

    @Test
    void a_subscriber_that_reconnects_with_its_last_id_receives_exactly_the_missed_events_in_order() {
        String sido = uniqueSido();
        List<String> devices = devices(sido, "종로구", 10);
        String token = master();
        URI stream = stream("types", STARTED, "sido", sido);

        SseClient first = SseClient.connect(stream, token, null).awaitConnected();
        List<String> published = new ArrayList<>();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 1000; i++) {
                published.add(LiveTestEvents.sessionStarted(devices.get(i % devices.size())));
            }
            LiveTestEvents.flush();
        });
        first.awaitFrames(frame -> frame.id() != null, 50);
        first.close();
        List<Frame> before = first.events();
        String lastId = before.get(before.size() - 1).id();
        LiveTestEvents.await(producing);

        SseClient second = SseClient.connect(stream, token, lastId).awaitConnected();
        int missed = 1000 - before.size();
        second.awaitFrames(frame -> frame.id() != null, missed);
        SseClient.sleepSeconds(2); // anything repeated or extra would arrive by now
        List<Frame> after = second.events();
        second.close();

        assertThat(after).hasSize(missed);
        List<Frame> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(all.stream().map(frame -> frame.json().getString("id"))).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all.stream().map(f -> f.json().getString("id")).toList()))
                .isEqualTo(new HashSet<>(published));
        assertThat(all.stream().map(Frame::position).toList()).isSorted().doesNotHaveDuplicates();
        List<Object> missedInLog = Database.rows(
                        "SELECT event_id FROM monitoring.event_log WHERE sido = ? AND position > ? ORDER BY position",
                        sido,
                        Long.parseLong(lastId))
                .stream()
                .map(row -> row.get("event_id"))
                .toList();
        assertThat(after.stream()
                        .map(frame -> (Object) frame.json().getString("id"))
                        .toList())
                .isEqualTo(missedInLog);
        assertThat(after.get(0).event()).isEqualTo(STARTED);
        assertThat(after.get(0).json().getJsonObject("data").getString("inspectorId"))
                .isEqualTo("kim");
    }

    @Test
    void an_inspectors_stream_never_carries_another_guguns_device_over_a_mixed_burst() {
        String sido = uniqueSido();
        String otherSido = uniqueSido();
        List<String> own = devices(sido, "중구", 3);
        List<String> neighbour = devices(sido, "종로구", 3);
        List<String> sameNameElsewhere = devices(otherSido, "중구", 3);
        String unknownDevice = "UNKNOWN-" + UUID.randomUUID();
        String inspectorToken = Tokens.inspector("lee", sido, "중구");
        SseClient inspector = SseClient.connect(events, inspectorToken, null).awaitConnected();
        SseClient master = SseClient.connect(events, master(), null).awaitConnected();

        Set<String> expected = new HashSet<>();
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String mine = LiveTestEvents.sessionStarted(own.get(i % 3));
            expected.add(mine);
            burst.add(mine);
            burst.add(LiveTestEvents.sessionStarted(neighbour.get(i % 3)));
            burst.add(LiveTestEvents.sessionStarted(sameNameElsewhere.get(i % 3)));
            if (i % 10 == 0) {
                burst.add(LiveTestEvents.sessionStarted(unknownDevice));
                burst.add(LiveTestEvents.syncRunSucceeded());
                burst.add(LiveTestEvents.alertFiring("device-readiness", otherSido, "중구", "elsewhere"));
                String ownAlert = LiveTestEvents.alertFiring("device-readiness", sido, "중구", "own gugun");
                expected.add(ownAlert);
                burst.add(ownAlert);
            }
        }
        LiveTestEvents.flush();

        // The master sees every event of the burst: once it has them all, the inspector has had its chance too.
        Set<String> burstIds = Set.copyOf(burst);
        master.awaitFrames(
                frame -> frame.id() != null && burstIds.contains(frame.json().getString("id")), burst.size());
        inspector.awaitFrames(
                frame -> frame.id() != null && expected.contains(frame.json().getString("id")), expected.size());
        SseClient.sleepSeconds(1);
        inspector.close();
        master.close();

        List<Frame> seen = inspector.events().stream()
                .filter(frame -> burstIds.contains(frame.json().getString("id")))
                .toList();
        assertThat(seen).allSatisfy(frame -> {
            assertThat(frame.json().getString("sido")).isEqualTo(sido);
            assertThat(frame.json().getString("gugun")).isEqualTo("중구");
        });
        assertThat(seen.stream().map(frame -> frame.json().getString("id")).toList())
                .hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expected);
        // Nothing outside the burst either: every event an inspector gets is in its gugun.
        assertThat(inspector.events())
                .allSatisfy(frame -> assertThat(frame.json().getString("gugun")).isEqualTo("중구"));
        assertThat(inspector.events())
                .allSatisfy(frame -> assertThat(frame.json().getString("sido")).isEqualTo(sido));
    }

    @Test
    void two_hundred_concurrent_subscribers_each_receive_every_event_of_a_burst() {
        String sido = uniqueSido();
        List<String> devices = devices(sido, "해운대구", 5);
        String token = master();
        URI stream = stream("sido", sido);
        List<SseClient> clients = IntStream.range(0, 200)
                .mapToObj(i -> SseClient.connect(stream, token, null))
                .toList();
        clients.forEach(SseClient::awaitConnected);

        List<String> published = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            published.add(LiveTestEvents.sessionStarted(devices.get(i % devices.size())));
        }
        LiveTestEvents.flush();

        List<Object> logOrder = null;
        for (SseClient client : clients) {
            client.awaitFrames(frame -> frame.id() != null, 100);
        }
        SseClient.sleepSeconds(1);
        logOrder = Database.rows(
                        "SELECT event_id FROM monitoring.event_log WHERE sido = ? AND type = ? ORDER BY position",
                        sido,
                        STARTED)
                .stream()
                .map(row -> row.get("event_id"))
                .toList();
        assertThat(logOrder).containsExactlyInAnyOrderElementsOf(published);
        for (SseClient client : clients) {
            client.close();
            assertThat(client.events().stream()
                            .map(frame -> (Object) frame.json().getString("id"))
                            .toList())
                    .isEqualTo(logOrder);
        }
    }

    @Test
    void a_position_no_longer_retained_or_not_of_this_log_gets_a_reset_first() {
        String sido = uniqueSido();
        String device = devices(sido, "중구", 1).get(0);
        SseClient watcher =
                SseClient.connect(stream("sido", sido), master(), null).awaitConnected();
        LiveTestEvents.sessionStarted(device);
        LiveTestEvents.flush();
        long position =
                watcher.awaitFrames(frame -> frame.id() != null, 1).get(0).position();
        watcher.close();
        // Age everything up to that entry past the retention, then prune.
        Database.execute(
                "UPDATE monitoring.event_log SET logged_at = now() - interval '3 days' WHERE position <= ?", position);
        io.quarkus.arc.Arc.container()
                .instance(pics.aed.monitoring.live.store.EventLogPruning.class)
                .get()
                .pruneNow()
                .await()
                .atMost(Duration.ofSeconds(30));
        assertThat(Database.<Long>scalar("SELECT pruned_through FROM monitoring.event_log_horizon"))
                .isGreaterThanOrEqualTo(position);

        for (String stale : List.of(Long.toString(position - 1), "999999999999")) {
            SseClient resumed = SseClient.connect(stream("sido", sido), master(), stale);
            Frame reset = resumed.awaitFrames(frame -> frame.event() != null, 1).get(0);
            resumed.close();
            assertThat(reset.event()).isEqualTo("reset");
            assertThat(reset.json().getString("lastEventId")).isEqualTo(stale);
            assertThat(reset.position()).isGreaterThanOrEqualTo(position);
        }

        // The entry just pruned through still resumes (everything after it is kept): no reset.
        SseClient kept = SseClient.connect(stream("sido", sido), master(), Long.toString(position));
        kept.awaitConnected();
        LiveTestEvents.sessionStarted(device);
        LiveTestEvents.flush();
        Frame next = kept.awaitFrames(frame -> frame.event() != null, 1).get(0);
        kept.close();
        assertThat(next.event()).isEqualTo(STARTED);
    }

    @Test
    void idle_streams_get_heartbeat_comments() {
        SseClient client = SseClient.connect(events, master(), null).awaitConnected();
        client.awaitFrames(frame -> "heartbeat".equals(frame.comment()), 1, Duration.ofSeconds(30));
        client.close();
    }

    @Test
    void bad_requests_are_problems_and_nothing_is_streamed() {
        given().accept("text/event-stream").get(events).then().statusCode(401);
        problem(master(), Map.of("types", "pics.aed.session.exploded"), null, 400, "validation");
        problem(master(), Map.of("gugun", "중구"), null, 400, "validation");
        problem(master(), Map.of(), "not-a-position", 400, "validation");
        problem(master(), Map.of("access_token", "x"), null, 400, "validation");
        String inspector = Tokens.inspector("lee", "서울특별시", "중구");
        problem(inspector, Map.of("sido", "부산광역시"), null, 403, "forbidden");
        String noArea = Tokens.as(Tokens.INSPECTOR, "park").sign();
        problem(noArea, Map.of(), null, 403, "forbidden");
    }

    private void problem(String token, Map<String, String> query, String lastEventId, int status, String name) {
        var request = given().accept("text/event-stream").header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        request.queryParams(query)
                .get(events)
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://aed.pics/problems/" + name));
    }

    private URI stream(String... query) {
        StringBuilder uri = new StringBuilder(events.toString());
        for (int i = 0; i < query.length; i += 2) {
            uri.append(i == 0 ? '?' : '&')
                    .append(query[i])
                    .append('=')
                    .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
        }
        return URI.create(uri.toString());
    }

    private static List<String> devices(String sido, String gugun, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> LiveTestEvents.device(sido, gugun))
                .toList();
    }

    private static String uniqueSido() {
        return "테스트특별시-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String master() {
        return Tokens.master("ops");
    }
}
