package pics.aed.monitoring.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pics.aed.monitoring.MonitoringServiceTestServers;
import pics.aed.monitoring.live.SseClient.Frame;
import pics.aed.testsupport.Tokens;

/**
 * A client that stops reading is disconnected once its queue is full, instead of holding events in the heap without
 * bound; a client that reads gets everything meanwhile. The queue is made small here (16 events) so that the socket
 * buffers fill with a few megabytes of events.
 */
@QuarkusTest
@TestProfile(SlowClientTest.SmallClientBuffer.class)
class SlowClientTest extends MonitoringServiceTestServers {

    public static class SmallClientBuffer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aedpics.monitoring.live.client-buffer", "16");
        }
    }

    @TestHTTPResource("/api/monitoring/events")
    URI events;

    @Test
    void a_client_that_stops_reading_is_disconnected_and_a_reading_one_gets_every_event() throws IOException {
        String sido = "느린시-" + UUID.randomUUID().toString().substring(0, 8);
        String device = LiveTestEvents.device(sido, "중구");
        URI stream = URI.create(events + "?sido=" + URLEncoder.encode(sido, StandardCharsets.UTF_8));
        String token = Tokens.master("ops");
        SseClient reader = SseClient.connect(stream, token, null).awaitConnected();
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096); // before connect, so the window stays small
            stalled.connect(new InetSocketAddress(stream.getHost(), stream.getPort()));
            stalled.getOutputStream()
                    .write(("GET " + stream.getRawPath() + "?" + stream.getRawQuery() + " HTTP/1.1\r\nHost: "
                                    + stream.getHost() + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                                    + token + "\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            stalled.getOutputStream().flush();
            stalled.setSoTimeout(60_000);
            LiveTestEvents.sleep(1000); // subscribed; from now on it reads nothing

            String notes = "x".repeat(16 * 1024);
            for (int i = 0; i < 600; i++) {
                LiveTestEvents.sessionStarted(device, notes);
            }
            LiveTestEvents.flush();
            // The reading client may be cut off too on a loaded machine (16 events is a small queue): it resumes with
            // its last id, as a browser does, and must end up with every event exactly once.
            List<Frame> received = readAllResuming(reader, stream, token, 600);
            assertThat(received.stream().map(frame -> frame.json().getString("id")))
                    .doesNotHaveDuplicates();
            assertThat(received.stream().map(Frame::position).toList()).isSorted();
            assertThat(received).hasSize(600);

            assertThat(closedByServer(stalled.getInputStream()))
                    .as("the stalled client's connection was closed by the server")
                    .isTrue();
        }
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).containsPattern("aedpics_live_slow_disconnects_total(\\{[^}]*\\})? [1-9]");
    }

    private static List<Frame> readAllResuming(SseClient first, URI stream, String token, int count) {
        List<Frame> received = new ArrayList<>();
        SseClient client = first;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            List<Frame> events = client.events();
            if (received.size() + events.size() >= count || client.ended()) {
                client.close();
                received.addAll(client.events());
                if (received.size() >= count) {
                    break;
                }
                client = SseClient.connect(
                        stream,
                        token,
                        received.isEmpty()
                                ? null
                                : received.get(received.size() - 1).id());
            }
            LiveTestEvents.sleep(50);
        }
        client.close();
        return received;
    }

    /**
     * Reads what the socket still holds: true when the server had closed it (end of stream or reset), false when the
     * stream is still flowing after a minute (heartbeats would keep it busy forever).
     */
    private static boolean closedByServer(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long deadline = System.nanoTime() + 60_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
