package pics.aed.monitoring.live;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.testsupport.AedpicsTestServers;
import pics.aed.testsupport.Database;

/**
 * Publishes events the way the producing services do (binary-mode CloudEvents, keyed by equipment serial, through one
 * idempotent producer), fast enough for bursts of thousands.
 */
public final class LiveTestEvents {

    private static KafkaProducer<String, String> producer;

    private LiveTestEvents() {}

    /**
     * A registry snapshot of a new device in a region, as sync-service publishes its insert (version 1); waits until
     * the event log's device view has it.
     */
    public static String device(String sido, String gugun) {
        String serial = "T-" + UUID.randomUUID().toString().substring(0, 13);
        JsonObject snapshot = new JsonObject()
                .put("equipmentSerial", serial)
                .put("sido", sido)
                .put("gugun", gugun)
                .put("institution", "테스트 기관")
                .put("dataStatus", "active")
                .put("updatedAt", OffsetDateTime.now(ZoneOffset.UTC).toString())
                .put("version", DeviceSnapshot.FIRST_VERSION);
        send(Topics.DEVICES, serial, event("/aedpics/sync-service", EventTypes.DEVICE_UPSERTED, serial, snapshot));
        flush();
        awaitRegion(serial);
        return serial;
    }

    /** {@code pics.aed.session.started}, as sessions-service's outbox publishes it; returns the event id. */
    public static String sessionStarted(String serial) {
        return sessionStarted(serial, "");
    }

    /** The same with {@code notes} of the given text, to make events as large as a test needs. */
    public static String sessionStarted(String serial, String notes) {
        JsonObject session = new JsonObject()
                .put("sessionId", UUID.randomUUID().toString())
                .put("equipmentSerial", serial)
                .put("inspectorId", "kim")
                .put("status", "active")
                .put("assignmentId", null)
                .put("cancelReason", null)
                .put("version", 1)
                .put("changedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        if (!notes.isEmpty()) {
            session.put("notes", notes);
        }
        CloudEvent event = event("/aedpics/sessions-service", EventTypes.SESSION_STARTED, serial, session);
        send(Topics.SESSIONS, serial, event);
        return event.id();
    }

    /** A finished sync run (national); returns the event id. */
    public static String syncRunSucceeded() {
        String runId = UUID.randomUUID().toString();
        CloudEvent event = event(
                "/aedpics/sync-service",
                EventTypes.SYNC_RUN_SUCCEEDED,
                runId,
                new JsonObject().put("runId", runId).put("mode", "full").put("status", "succeeded"));
        send(Topics.SYNC_RUNS, runId, event);
        return event.id();
    }

    /** An alert firing, with region labels when given; returns the event id. */
    public static String alertFiring(String rule, String sido, String gugun, String summary) {
        JsonObject labels = new JsonObject();
        if (sido != null) {
            labels.put("sido", sido).put("gugun", gugun);
        }
        String fingerprint = rule + ":" + UUID.randomUUID();
        JsonObject alert = new JsonObject()
                .put("id", UUID.randomUUID().toString())
                .put("rule", rule)
                .put("fingerprint", fingerprint)
                .put("severity", "critical")
                .put("status", "firing")
                .put("summary", summary)
                .put("labels", labels)
                .put("startsAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        CloudEvent event = event("/aedpics/monitoring-service", EventTypes.ALERT_FIRING, fingerprint, alert);
        send(Topics.ALERTS, fingerprint, event);
        return event.id();
    }

    public static synchronized void flush() {
        producer().flush();
    }

    private static CloudEvent event(String source, String type, String subject, JsonObject data) {
        return new CloudEvent(
                CloudEvent.newId(), source, type, subject, OffsetDateTime.now(ZoneOffset.UTC), data.encode());
    }

    private static synchronized void send(String topic, String key, CloudEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, event.data());
        event.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer().send(record);
    }

    private static KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AedpicsTestServers.kafkaBootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private static void awaitRegion(String serial) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Database.count("monitoring.devices", "equipment_serial = ? AND sido IS NOT NULL", serial) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the device view never learned of " + serial);
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(java.util.concurrent.Future<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
