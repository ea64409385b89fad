package pics.aed.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

/** The traceparent the outbox keeps and Kafka carries, read and written as W3C Trace Context 1.0 says. */
class TraceContextsTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    @Test
    void aTraceparentNamesItsSpanAsARemoteParent() {
        SpanContext parent = Span.fromContext(TraceContexts.parent(TRACEPARENT)).getSpanContext();
        assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(parent.getSpanId()).isEqualTo(SPAN_ID);
        assertThat(parent.isSampled()).isTrue();
        assertThat(parent.isRemote()).isTrue();
    }

    @Test
    void theTraceparentOfASpanIsWrittenBack() {
        SpanContext span = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
        assertThat(TraceContexts.traceparent(Context.root().with(Span.wrap(span))))
                .isEqualTo(TRACEPARENT);
    }

    @Test
    void withoutASpanThereIsNoTraceparent() {
        assertThat(TraceContexts.traceparent(Context.root())).isNull();
        assertThat(TraceContexts.currentTraceparent()).isNull();
    }

    @Test
    void aMissingOrMalformedTraceparentStartsANewTraceInsteadOfFailing() {
        assertThat(TraceContexts.parent(null)).isSameAs(Context.root());
        assertThat(TraceContexts.parent(" ")).isSameAs(Context.root());
        assertThat(Span.fromContext(TraceContexts.parent("00-not-a-trace-01"))
                        .getSpanContext()
                        .isValid())
                .isFalse();
        assertThat(Span.fromContext(TraceContexts.parent("00-" + "0".repeat(32) + "-" + SPAN_ID + "-01"))
                        .getSpanContext()
                        .isValid())
                .isFalse();
    }
}
