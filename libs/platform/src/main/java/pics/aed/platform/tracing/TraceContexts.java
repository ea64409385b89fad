package pics.aed.platform.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C {@code traceparent} as the outbox keeps it and Kafka carries it: the one value that lets a trace continue
 * after the request that wrote an event is gone. Written and read by OpenTelemetry's own W3C propagator, whatever
 * other propagators a service configures for HTTP, because the outbox column and the Kafka header are W3C by contract
 * (docs/events.md).
 */
public final class TraceContexts {

    /** The header (and CloudEvents distributed-tracing attribute) name. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapSetter<Map<String, String>> INTO_MAP = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.put(key, value);
        }
    };
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContexts() {}

    /** The {@code traceparent} of the current span, or null when the caller is not traced. */
    public static String currentTraceparent() {
        return traceparent(Context.current());
    }

    /** The {@code traceparent} of the span in {@code context}, or null when it holds no valid span. */
    public static String traceparent(Context context) {
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, INTO_MAP);
        return carrier.get(TRACEPARENT);
    }

    /**
     * The remote span a {@code traceparent} names, as the parent of a new span; the root context (a new trace) when
     * there is none or it is malformed: a bad header never fails the work it accompanies.
     */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), FROM_MAP);
    }
}
