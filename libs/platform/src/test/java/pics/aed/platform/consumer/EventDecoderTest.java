package pics.aed.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.events.sessions.SessionChanged;
import pics.aed.events.sessions.SessionCompleted;

/** Decoding into the typed payload and sorting a batch, without Kafka or Quarkus. */
class EventDecoderTest {

    /** As Quarkus configures its mapper: ISO dates, unknown members ignored. */
    private final EventDecoder decoder = new EventDecoder(new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    private final EventHandler handler = EventHandler.of(
            "device-view",
            DeviceSnapshot.class,
            (tx, device) -> Uni.createFrom().voidItem(),
            EventTypes.DEVICE_UPSERTED);

    private static long offsets;

    private static ConsumedRecord record(CloudEvent event) {
        return new ConsumedRecord("aed.devices.v1", 0, offsets++, event.subject(), event.data(), event.headers());
    }

    private static CloudEvent event(String type, String data) {
        return new CloudEvent(CloudEvent.newId(), "/aedpics/sync-service", type, "S-1", OffsetDateTime.now(), data);
    }

    @Test
    void readsTheDataIntoThePayloadRecordIgnoringMembersItDoesNotKnow() {
        CloudEvent event = event(EventTypes.DEVICE_UPSERTED, """
                {"equipmentSerial":"S-1","sido":"서울특별시","gugun":"종로구","padExpiryDate":"2029-05-31",
                 "dataStatus":"missing","updatedAt":"2026-11-01T00:00:00Z","addedLater":{"x":1}}""");

        Decoding decoding = decoder.decode(record(event), handler);

        assertThat(decoding).isInstanceOf(Decoding.Decoded.class);
        Decoding.Decoded decoded = (Decoding.Decoded) decoding;
        assertThat(decoded.id()).isEqualTo(event.id());
        DeviceSnapshot device = (DeviceSnapshot) decoded.payload();
        assertThat(device.equipmentSerial()).isEqualTo("S-1");
        assertThat(device.padExpiryDate()).hasToString("2029-05-31");
        assertThat(device.dataStatus()).isEqualTo(DeviceSnapshot.DataStatus.missing);
    }

    @Test
    void eachTypeIsReadIntoItsOwnPayloadAndACatchAllGetsTheEnvelope() {
        EventHandler sessions = EventHandler.named("schedule-status")
                .on(
                        EventTypes.SESSION_STARTED,
                        SessionChanged.class,
                        (tx, changed) -> Uni.createFrom().voidItem())
                .on(
                        EventTypes.SESSION_COMPLETED,
                        SessionCompleted.class,
                        (tx, done) -> Uni.createFrom().voidItem())
                .onEveryOtherType((tx, envelope) -> Uni.createFrom().voidItem())
                .build();
        CloudEvent started = event(EventTypes.SESSION_STARTED, "{\"sessionId\":\"a\",\"version\":1}");
        CloudEvent completed = event(EventTypes.SESSION_COMPLETED, "{\"sessionId\":\"b\"}");
        CloudEvent paused = event(EventTypes.SESSION_PAUSED, "{\"sessionId\":\"c\"}");

        assertThat(((Decoding.Decoded) decoder.decode(record(started), sessions)).payload())
                .isInstanceOf(SessionChanged.class);
        assertThat(((Decoding.Decoded) decoder.decode(record(completed), sessions)).payload())
                .isInstanceOf(SessionCompleted.class);
        assertThat(((Decoding.Decoded) decoder.decode(record(paused), sessions)).payload())
                .isEqualTo(paused);
    }

    @Test
    void aTypeTheHandlerDoesNotApplyIsNotHandledNotPoison() {
        assertThat(decoder.decode(record(event(EventTypes.SESSION_PAUSED, "{}")), handler))
                .isInstanceOf(Decoding.NotHandled.class);
    }

    @Test
    void aRecordWithoutCloudEventsHeadersIsUndecodable() {
        ConsumedRecord bare = new ConsumedRecord("aed.devices.v1", 0, 1, "S-1", "{}", Map.of());
        Decoding decoding = decoder.decode(bare, handler);
        assertThat(decoding).isInstanceOf(Decoding.Undecodable.class);
        assertThat(((Decoding.Undecodable) decoding).error()).hasMessageContaining("not a CloudEvents 1.0 record");
    }

    @Test
    void dataThatIsNotThePayloadRecordIsUndecodable() {
        for (String data :
                List.of("[1,2]", "null", "{\"dataStatus\":\"retired\"}", "{\"updatedAt\":\"yesterday\"}", "{")) {
            Decoding decoding = decoder.decode(record(event(EventTypes.DEVICE_UPSERTED, data)), handler);
            assertThat(decoding).as(data).isInstanceOf(Decoding.Undecodable.class);
        }
    }

    @Test
    void aBatchKeepsItsOrderAndAppliesEachNewIdOnceAtItsFirstPosition() {
        CloudEvent first = event(EventTypes.DEVICE_UPSERTED, "{\"equipmentSerial\":\"S-1\"}");
        CloudEvent second = event(EventTypes.DEVICE_UPSERTED, "{\"equipmentSerial\":\"S-2\"}");
        CloudEvent old = event(EventTypes.DEVICE_UPSERTED, "{\"equipmentSerial\":\"S-3\"}");
        List<ConsumedRecord> records = List.of(
                record(first),
                record(event(EventTypes.SESSION_PAUSED, "{}")),
                record(second),
                new ConsumedRecord("aed.devices.v1", 0, 99, "S-9", "x", Map.of()),
                record(first),
                record(old));

        ConsumedBatch batch = ConsumedBatch.decode(records, decoder, handler);

        assertThat(batch.eventIds()).containsExactly(first.id(), second.id(), first.id(), old.id());
        assertThat(batch.undecodable())
                .extracting(poison -> poison.record().offset())
                .containsExactly(99L);
        assertThat(batch.notHandled()).isEqualTo(1);
        // processed_events knew `old`; `first` was new, and is applied once, where it first came
        List<Decoding.Decoded> apply = ConsumedBatch.toApply(batch.decoded(), List.of(second.id(), first.id()));
        assertThat(apply).extracting(Decoding.Decoded::id).containsExactly(first.id(), second.id());
        assertThat(apply.get(0).record().offset()).isEqualTo(records.get(0).offset());
    }

    @Test
    void aDeadLetterKeepsTheRecordsHeadersAndSaysWhyAndWhere() {
        CloudEvent event = event(EventTypes.DEVICE_UPSERTED, "{}");
        ConsumedRecord record = new ConsumedRecord("aed.devices.v1", 2, 41, "S-1", "{}", event.headers());
        Map<String, String> headers = DeadLetters.headers(
                "sessions-service.device-view",
                record,
                new IllegalStateException("effect failed", new IllegalArgumentException("x".repeat(5000))));

        assertThat(headers)
                .containsEntry("ce_id", event.id())
                .containsEntry(DeadLetters.REASON, "effect failed")
                .containsEntry(DeadLetters.EXCEPTION, IllegalStateException.class.getName())
                .containsEntry(DeadLetters.TOPIC, "aed.devices.v1")
                .containsEntry(DeadLetters.PARTITION, "2")
                .containsEntry(DeadLetters.OFFSET, "41")
                .containsEntry(DeadLetters.CONSUMER, "sessions-service.device-view");
        assertThat(headers.get(DeadLetters.CAUSE)).hasSizeLessThan(2100);
    }
}
