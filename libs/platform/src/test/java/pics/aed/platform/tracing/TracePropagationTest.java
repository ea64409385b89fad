package pics.aed.platform.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;
import pics.aed.platform.testapp.CapturedSpans;
import pics.aed.platform.testapp.WidgetEffects;
import pics.aed.platform.testapp.WidgetEvent;
import pics.aed.platform.testapp.WidgetsResource;
import pics.aed.testsupport.InMemorySpans;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/**
 * One request followed through the outbox and Kafka into the consume path: the request's span, the relay's send as
 * its child (the outbox row kept the request's traceparent), the record's {@code traceparent} header naming the send,
 * and the consumer's span for the event as the send's child, with the effect's SQL under it: one trace.
 */
@QuarkusTest
class TracePropagationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    CapturedSpans spans;

    private final LogLines effectLog = LogLines.of(WidgetEffects.class);

    @AfterEach
    void stopCollectingLogs() {
        effectLog.close();
    }

    private final String token = Tokens.master("trace-" + UUID.randomUUID());

    private static String describe(List<SpanData> trace) {
        return trace.stream()
                .map(span -> span.getKind() + " " + span.getName() + " " + span.getSpanId() + " <- "
                        + span.getParentSpanId())
                .toList()
                .toString();
    }

    private SpanData awaitSpan(String traceId, SpanKind kind, String name) {
        return spans.await(traceId, kind, name, WAIT);
    }

    @Test
    void aRequestItsEventAndTheEventsEffectAreOneTrace() {
        String traceId = InMemorySpans.newTraceId();
        String name = "traced-" + UUID.randomUUID();
        given().auth()
                .oauth2(token)
                .header("traceparent", InMemorySpans.newTraceparent(traceId))
                .contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .post("/test/widgets")
                .then()
                .statusCode(201);

        SpanData request = awaitSpan(traceId, SpanKind.SERVER, "POST /test/widgets");
        SpanData send = awaitSpan(traceId, SpanKind.PRODUCER, "send " + WidgetsResource.TOPIC);
        assertThat(send.getParentSpanId())
                .as("the relay's send is a child of the request that wrote the event")
                .isEqualTo(request.getSpanId());

        KafkaEvents.Event record = KafkaEvents.awaitRecords(WidgetsResource.TOPIC, e -> name.equals(e.key()), 1, WAIT)
                .get(0);
        assertThat(record.headers())
                .as("the record carries the send's context as the CloudEvents distributed-tracing header")
                .containsEntry("traceparent", "00-" + traceId + "-" + send.getSpanId() + "-01");
        assertThat(send.getAttributes().get(MessagingSpans.MESSAGE_ID))
                .isEqualTo(record.headers().get("ce_id"));

        SpanData process = awaitSpan(traceId, SpanKind.CONSUMER, "process " + WidgetsResource.TOPIC);
        assertThat(process.getParentSpanId())
                .as("the consumer's span for the event is a child of its send")
                .isEqualTo(send.getSpanId());
        assertThat(process.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        // the effect ran with the consumer's span current, across its asynchronous steps: its log line names both
        assertThat(effectLog.lines())
                .as("the trace: %s", describe(spans.ofTrace(traceId)))
                .contains("widget " + name + " counted traceId=" + traceId + " spanId=" + process.getSpanId());
    }

    @Test
    void aRecordWithoutTraceContextIsAppliedInATraceOfItsOwn() {
        String name = "untraced-" + UUID.randomUUID();
        CloudEvent event = WidgetEvent.about(name);
        KafkaEvents.publish(WidgetsResource.TOPIC, name, event.data(), event.headers());

        List<SpanData> processed = await().atMost(WAIT)
                .until(
                        () -> spans.matching(span -> span.getKind() == SpanKind.CONSUMER
                                && event.id().equals(span.getAttributes().get(MessagingSpans.MESSAGE_ID))),
                        found -> found.size() == 1);
        SpanData process = processed.get(0);
        assertThat(TraceId.isValid(process.getTraceId())).isTrue();
        assertThat(process.getParentSpanId()).isEqualTo(SpanId.getInvalid());
    }
}
