package pics.aed.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Supplier;
import pics.aed.events.CloudEvent;
import pics.aed.platform.consumer.ConsumedRecord;

/**
 * The spans of an event's journey after the request that wrote it: the relay's send ({@code send <topic>}, a producer
 * span) and each consumer's application of it ({@code process <topic>}, a consumer span), both in the trace of the
 * request, so that a trace viewer shows one request, its events and their effects in every service as one tree
 * (docs/operations.md "Tracing and logs"). Attributes follow OpenTelemetry's messaging and CloudEvents conventions.
 */
@Singleton
public class MessagingSpans {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    static final AttributeKey<String> EVENT_SUBJECT = AttributeKey.stringKey("cloudevents.event_subject");
    static final AttributeKey<String> HANDLER = AttributeKey.stringKey("aedpics.consumer");

    private final Tracer tracer;
    private final Vertx vertx;

    public MessagingSpans(OpenTelemetry openTelemetry, Vertx vertx) {
        this.tracer = openTelemetry.getTracer("pics.aed.platform");
        this.vertx = vertx;
    }

    /**
     * The relay's send of an event written inside a traced request, as a child of that request's span; no span (an
     * invalid one) for an event written outside any trace, e.g. by a scheduled job, so that a sync's tens of thousands
     * of snapshots do not each open a trace of their own.
     */
    public Span startSend(String traceparent, String topic, String key, CloudEvent event) {
        if (traceparent == null) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("send " + topic)
                .setParent(TraceContexts.parent(traceparent))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, "send")
                .setAttribute(DESTINATION, topic)
                .setAttribute(KEY, key)
                .setAttribute(MESSAGE_ID, event.id())
                .setAttribute(EVENT_TYPE, event.type())
                .startSpan();
    }

    /**
     * The {@code traceparent} header a sent record carries: its send span, so that consumers become children of the
     * send; the outbox row's own value when there is no recording span (the SDK disabled); null when untraced.
     */
    public static String headerFor(Span send, String rowTraceparent) {
        String sendSpan = TraceContexts.traceparent(Context.root().with(send));
        return sendSpan != null ? sendSpan : rowTraceparent;
    }

    /**
     * One consumer's application of one event, as a child of the span that sent it (the record's {@code traceparent});
     * a new trace for a record that carries none.
     *
     * @param group   the consumer group that polled the record
     * @param handler the use case applying it ({@code processed_events.consumer})
     */
    public Span startProcess(ConsumedRecord record, CloudEvent event, String group, String handler) {
        return tracer.spanBuilder("process " + record.topic())
                .setParent(TraceContexts.parent(record.headers().get(TraceContexts.TRACEPARENT)))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, "process")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(PARTITION, Integer.toString(record.partition()))
                .setAttribute(OFFSET, record.offset())
                .setAttribute(CONSUMER_GROUP, group)
                .setAttribute(HANDLER, handler)
                .setAttribute(MESSAGE_ID, event.id())
                .setAttribute(EVENT_TYPE, event.type())
                .setAttribute(EVENT_SUBJECT, event.subject() == null ? "" : event.subject())
                .startSpan();
    }

    /**
     * Runs {@code work} for the events these spans stand for, then ends every span with the work's outcome. The work
     * runs on a Vert.x context of its own (a new duplicated context), where Quarkus keeps the current span across
     * every asynchronous step: with one span, an outbox row the work writes keeps its trace (so the trace continues
     * into the next service) and its log lines carry its ids. Work for several events at once (a batched run) has no
     * current span: it belongs to none of their traces alone. (The work's SQL statements run on the batch's
     * transaction, whose connection the SQL client traces in the context that opened it, not in an event's span.)
     */
    public Uni<Void> within(List<Span> spans, Supplier<Uni<Void>> work) {
        io.vertx.core.Context own =
                VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        Context current = spans.size() == 1 ? Context.root().with(spans.get(0)) : Context.root();
        return Uni.createFrom()
                .<Void>emitter(emitter -> own.runOnContext(start -> {
                    // Not closed on purpose: the context belongs to this work alone and is dropped with it.
                    current.makeCurrent();
                    Uni.createFrom().deferred(work::get).subscribe().with(emitter::complete, emitter::fail);
                }))
                .onTermination()
                .invoke((done, failure, cancelled) -> spans.forEach(span -> end(span, failure)));
    }

    /** Ends a span, marked as failed with the failure when there is one. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end();
    }
}
