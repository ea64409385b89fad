package pics.aed.testsupport;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * An in-memory span exporter for tests: every span the service ends, kept in memory (the newest {@value #CAPACITY},
 * so that a suite that syncs tens of thousands of devices does not fill the heap), never sent anywhere. A module's
 * test registers it as a CDI bean by a subclass, e.g. {@code @Singleton class CapturedSpans extends InMemorySpans {}}:
 * Quarkus adds every {@link SpanProcessor} bean to its tracer provider.
 */
public class InMemorySpans implements SpanProcessor {

    private static final int CAPACITY = 50_000;

    private final Deque<SpanData> ended = new ArrayDeque<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        SpanData data = span.toSpanData();
        synchronized (ended) {
            if (ended.size() == CAPACITY) {
                ended.removeFirst();
            }
            ended.addLast(data);
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** The ended spans that match, oldest first. */
    public List<SpanData> matching(Predicate<SpanData> predicate) {
        synchronized (ended) {
            return new ArrayList<>(ended).stream().filter(predicate).toList();
        }
    }

    /** Every ended span of one trace, oldest first. */
    public List<SpanData> ofTrace(String traceId) {
        return matching(span -> span.getTraceId().equals(traceId));
    }

    /**
     * Waits for a span of that kind and name in the trace; the newest when there are several (an attempt repeated
     * after a transient failure is a span of its own).
     */
    public SpanData await(String traceId, SpanKind kind, String name, Duration timeout) {
        List<SpanData> found = Awaitility.await()
                .atMost(timeout)
                .until(
                        () -> ofTrace(traceId).stream()
                                .filter(span ->
                                        span.getKind() == kind && span.getName().equals(name))
                                .toList(),
                        matching -> !matching.isEmpty());
        return found.get(found.size() - 1);
    }

    /**
     * A new sampled trace context as a caller (a gateway, a browser) sends it in its {@code traceparent} header, so
     * that the test knows the trace id of the request it makes.
     */
    public static String newTraceparent(String traceId) {
        return "00-" + traceId + "-" + IdGenerator.random().generateSpanId() + "-01";
    }

    public static String newTraceId() {
        return IdGenerator.random().generateTraceId();
    }
}
