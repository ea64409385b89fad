package pics.aed.monitoring;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.KafkaEvents;

/** Publishes the other services' events as they would: CloudEvents in binary mode, keyed by equipment serial. */
final class Events {

    private Events() {}

    /** A registry snapshot of an active device (or one with {@code dataStatus}) on aed.devices.v1. */
    static void device(
            String serial,
            String sido,
            String gugun,
            LocalDate batteryExpiry,
            LocalDate padExpiry,
            LocalDate lastInspection,
            String dataStatus,
            OffsetDateTime updatedAt) {
        JsonObject snapshot = new JsonObject()
                .put("equipmentSerial", serial)
                .put("sido", sido)
                .put("gugun", gugun)
                .put("batteryExpiryDate", text(batteryExpiry))
                .put("padExpiryDate", text(padExpiry))
                .put("lastInspectionDate", text(lastInspection))
                .put("dataStatus", dataStatus)
                .put("updatedAt", updatedAt.toString());
        publish(Topics.DEVICES, EventTypes.DEVICE_UPSERTED, serial, snapshot, "/aedpics/sync-service");
    }

    /** A completed session on inspection.sessions.v1, with the expiry dates its inspector corrected (or null). */
    static void sessionCompleted(
            String serial, OffsetDateTime completedAt, LocalDate correctedBattery, LocalDate correctedPad) {
        JsonObject session = new JsonObject()
                .put("sessionId", UUID.randomUUID().toString())
                .put("inspectionId", UUID.randomUUID().toString())
                .put("equipmentSerial", serial)
                .put("inspectorId", "kim")
                .put("completedAt", completedAt.toString())
                .put("overallStatus", "pass")
                .put("batteryExpiryDate", text(correctedBattery))
                .put("padExpiryDate", text(correctedPad));
        publish(Topics.SESSIONS, EventTypes.SESSION_COMPLETED, serial, session, "/aedpics/sessions-service");
    }

    private static void publish(String topic, String type, String serial, JsonObject data, String source) {
        CloudEvent event =
                new CloudEvent(CloudEvent.newId(), source, type, serial, OffsetDateTime.now(), data.encode());
        KafkaEvents.publish(topic, serial, data.encode(), event.headers());
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
