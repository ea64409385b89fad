package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.InMemorySpans;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.ServiceProcess;
import pics.aed.testsupport.Tokens;

/**
 * One request followed across services: {@code POST /api/inspections/sessions/{id}/complete} on the real
 * sessions-service (the packaged service, a child process on this test's PostgreSQL and Kafka), its
 * {@code pics.aed.session.completed} event through sessions-service's outbox and Kafka, sync-service's consumer
 * applying it, and the device snapshot that sync-service publishes in turn: one trace, each step a child of the one
 * before. The trace starts with the caller's {@code traceparent} (as a gateway would send it), so its id is known here;
 * sessions-service's spans are read from what it put on the topic, sync-service's from its in-memory exporter.
 */
@QuarkusTest
class TraceAcrossServicesTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SEOUL = "서울특별시";
    private static final String JONGNO = "종로구";
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final String RESULT = """
            {"result": {"batteryStatus": "good", "padStatus": "good", "operationStatus": "normal",
             "gps": {"latitude": 37.57, "longitude": 126.98}}}""";

    private static ServiceProcess sessions;

    @Inject
    CapturedSpans spans;

    @BeforeAll
    static void startSessionsService() throws Exception {
        sessions = ServiceProcess.start("sessions-service", Map.of("aedpics.outbox.poll-interval", "PT0.2S"));
    }

    @AfterAll
    static void stopSessionsService() throws Exception {
        Database.execute("delete from registry.devices where equipment_serial like 'TRACE-%'");
        if (sessions != null) {
            sessions.close();
        }
    }

    /** A device both services know: in the registry and in sessions-service's view of it. */
    private static String device() {
        String serial = "TRACE-" + UUID.randomUUID().toString().substring(0, 12);
        Database.execute(
                "insert into registry.devices (equipment_serial, sido, gugun) values (?, ?, ?)", serial, SEOUL, JONGNO);
        Database.execute("""
                INSERT INTO inspection.devices (equipment_serial, sido, gugun, data_status, snapshot)
                VALUES (?, ?, ?, 'active', jsonb_build_object('equipmentSerial', ?::text, 'sido', ?::text,
                        'gugun', ?::text))""", serial, SEOUL, JONGNO, serial, SEOUL, JONGNO);
        return serial;
    }

    /** The span id a {@code traceparent} names, after checking that it belongs to the trace. */
    private static String spanOf(String traceparent, String traceId) {
        assertThat(traceparent).as("traceparent header").startsWith("00-" + traceId + "-");
        return traceparent.split("-")[2];
    }

    private static KafkaEvents.Event awaitEvent(String topic, String serial, String type) {
        return KafkaEvents.awaitRecords(
                        topic,
                        e -> serial.equals(e.key()) && type.equals(e.headers().get("ce_type")),
                        1,
                        WAIT)
                .get(0);
    }

    private SpanData awaitSpan(String traceId, SpanKind kind, String name) {
        return spans.await(traceId, kind, name, WAIT);
    }

    @Test
    void aCompletedSessionIsOneTraceFromTheRequestToSyncServicesEffect() throws Exception {
        String serial = device();
        String inspector = Tokens.inspector("trace-kim-" + serial, SEOUL, JONGNO);
        String sessionId = sessions.as(inspector)
                .body("{\"equipmentSerial\": \"" + serial + "\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        String traceId = InMemorySpans.newTraceId();
        sessions.as(inspector)
                .header("traceparent", InMemorySpans.newTraceparent(traceId))
                .body(RESULT)
                .post("/api/inspections/sessions/" + sessionId + "/complete")
                .then()
                .statusCode(200);

        // sessions-service: the request's outbox row kept its trace, the relay's send is in it
        KafkaEvents.Event completed = awaitEvent(Topics.SESSIONS, serial, EventTypes.SESSION_COMPLETED);
        String sessionsSend = spanOf(completed.headers().get("traceparent"), traceId);

        // sync-service: its consumer applied the event as a child of that send
        SpanData process = awaitSpan(traceId, SpanKind.CONSUMER, "process " + Topics.SESSIONS);
        assertThat(process.getParentSpanId()).isEqualTo(sessionsSend);
        assertThat(process.getAttributes().get(MESSAGE_ID))
                .isEqualTo(completed.headers().get("ce_id"));
        assertThat(process.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Database.<Object>scalar(
                                "select last_inspection_date from registry.devices where equipment_serial = ?", serial))
                        .isNotNull());

        // ... and the snapshot it wrote in that effect continues the same trace to the next consumers
        KafkaEvents.Event snapshot = awaitEvent(Topics.DEVICES, serial, EventTypes.DEVICE_UPSERTED);
        String syncSend = spanOf(snapshot.headers().get("traceparent"), traceId);
        SpanData send = awaitSpan(traceId, SpanKind.PRODUCER, "send " + Topics.DEVICES);
        assertThat(send.getSpanId()).isEqualTo(syncSend);
        assertThat(send.getParentSpanId()).isEqualTo(process.getSpanId());

        // sessions-service logs outside the local and test profiles are JSON lines naming the service
        List<String> lines = Files.readAllLines(sessions.log());
        assertThat(lines)
                .filteredOn(line -> line.startsWith("{"))
                .isNotEmpty()
                .allSatisfy(line ->
                        assertThat(new JsonObject(line).getString("service")).isEqualTo("sessions-service"));
    }
}
