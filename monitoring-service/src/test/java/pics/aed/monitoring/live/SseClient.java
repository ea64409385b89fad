package pics.aed.monitoring.live;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client of the live stream: one HTTP connection, read without a thread of its own, every frame kept in
 * arrival order. {@link #close()} drops the connection the way a phone losing its network does.
 */
public final class SseClient implements AutoCloseable {

    /** One SSE frame; a comment-only frame has null id, event and data. */
    public record Frame(String id, String event, String data, String comment) {

        public long position() {
            return Long.parseLong(id);
        }

        public JsonObject json() {
            return new JsonObject(data);
        }
    }

    // HTTP/1.1 as browsers speak it without TLS: one connection per stream, so a dropped client drops its own only.
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean ended;

    private SseClient() {}

    public static SseClient connect(URI uri, String token, String lastEventId) {
        SseClient client = new SseClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HTTP.sendAsync(request.build(), info -> {
            client.status.complete(info.statusCode());
            return HttpResponse.BodySubscribers.fromLineSubscriber(client.new Lines());
        });
        return client;
    }

    /** The HTTP status, once the response headers arrived. */
    public int status() {
        return LiveTestEvents.await(status);
    }

    /** Waits until the stream's hello comment arrived: from then on the subscriber is registered. */
    public SseClient awaitConnected() {
        awaitFrames(frame -> frame.comment() != null, 1);
        return this;
    }

    public List<Frame> events() {
        return frames.stream().filter(frame -> frame.id() != null).toList();
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    public String lastEventId() {
        List<Frame> events = events();
        return events.isEmpty() ? null : events.get(events.size() - 1).id();
    }

    /** Waits for at least {@code count} frames that match; fails with what arrived when the bound passes. */
    public List<Frame> awaitFrames(Predicate<Frame> matching, int count) {
        return awaitFrames(matching, count, Duration.ofSeconds(120));
    }

    public List<Frame> awaitFrames(Predicate<Frame> matching, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Frame> matched = frames.stream().filter(matching).toList();
            if (matched.size() >= count) {
                return matched;
            }
            if (System.nanoTime() > deadline || ended) {
                throw new AssertionError("expected " + count + " matching frames within " + timeout + " but got "
                        + matched.size() + (ended ? " before the stream ended" : "") + "; last frames: "
                        + tail(frames(), 5));
            }
            LiveTestEvents.sleep(20);
        }
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private static List<Frame> tail(List<Frame> frames, int n) {
        return new ArrayList<>(frames.subList(Math.max(0, frames.size() - n), frames.size()));
    }

    /** Parses SSE lines into frames (a blank line ends a frame). */
    private final class Lines implements Flow.Subscriber<String> {
        private String id;
        private String event;
        private StringBuilder data;
        private String comment;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (id != null || event != null || data != null || comment != null) {
                    frames.add(new Frame(id, event, data == null ? null : data.toString(), comment));
                }
                id = null;
                event = null;
                data = null;
                comment = null;
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "" -> comment = value;
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                default -> {
                    // retry and unknown fields
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            ended = true;
        }

        @Override
        public void onComplete() {
            ended = true;
        }
    }

    static void sleepSeconds(long seconds) {
        LiveTestEvents.sleep(TimeUnit.SECONDS.toMillis(seconds));
    }
}
