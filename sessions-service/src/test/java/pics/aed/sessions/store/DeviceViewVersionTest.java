package pics.aed.sessions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/**
 * The device view keeps the registry's highest snapshot version, whatever the snapshots' updatedAt say: a sync stamps
 * the start of its transaction, so its snapshot can carry an earlier time than an inspection result it raced with.
 */
@QuarkusTest
class DeviceViewVersionTest {

    @Test
    void aHigherVersionWinsOverANewerUpdatedAtAndALowerOneNeverReplacesIt() {
        String serial = "V-" + UUID.randomUUID().toString().substring(0, 12);
        publish(serial, "inspected", "2026-12-01T10:00:05Z", 2);
        // the sync's snapshot: written after the inspection (version 3), stamped with its transaction's earlier start
        publish(serial, "synced", "2026-12-01T10:00:00Z", 3);
        awaitVersion(serial, 3);
        // a replay of an older version, even with a later time, changes nothing
        String stale = publish(serial, "stale replay", "2026-12-01T11:00:00Z", 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Database.count("inspection.processed_events", "event_id = ?", stale) == 1);

        assertThat(Database.<String>scalar(
                        "select snapshot ->> 'institution' from inspection.devices where equipment_serial = ?", serial))
                .isEqualTo("synced");
        assertThat(Database.<Long>scalar(
                        "select registry_version from inspection.devices where equipment_serial = ?", serial))
                .isEqualTo(3L);
    }

    @Test
    void aVersionedSnapshotReplacesOneFromBeforeVersionsAndNotTheOtherWayRound() {
        String serial = "V-" + UUID.randomUUID().toString().substring(0, 12);
        publish(serial, "unversioned", "2026-12-01T10:00:00Z", null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Database.count("inspection.devices", "equipment_serial = ?", serial) == 1);
        publish(serial, "versioned", "2026-12-01T09:00:00Z", 1);
        awaitVersion(serial, 1);
        String late = publish(serial, "unversioned again", "2026-12-01T12:00:00Z", null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Database.count("inspection.processed_events", "event_id = ?", late) == 1);

        assertThat(Database.<String>scalar(
                        "select snapshot ->> 'institution' from inspection.devices where equipment_serial = ?", serial))
                .isEqualTo("versioned");
    }

    /**
     * Snapshots published back to back reach the consumer in one polled batch and are applied as one statement: the
     * highest version of each device wins there too, and several devices land at once.
     */
    @Test
    void aBurstOfSnapshotsKeepsEachDevicesHighestVersion() {
        String first = "V-" + UUID.randomUUID().toString().substring(0, 12);
        String second = "V-" + UUID.randomUUID().toString().substring(0, 12);
        publish(first, "v2", "2026-12-01T10:00:00Z", 2);
        publish(second, "only", "2026-12-01T10:00:00Z", 1);
        publish(first, "v5", "2026-12-01T09:00:00Z", 5);
        String last = publish(first, "v3", "2026-12-01T12:00:00Z", 3);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Database.count("inspection.processed_events", "event_id = ?", last) == 1);

        assertThat(Database.<String>scalar(
                        "select snapshot ->> 'institution' from inspection.devices where equipment_serial = ?", first))
                .isEqualTo("v5");
        assertThat(Database.<String>scalar(
                        "select snapshot ->> 'institution' from inspection.devices where equipment_serial = ?", second))
                .isEqualTo("only");
    }

    /** Publishes a snapshot of the device; returns the event id. */
    private static String publish(String serial, String institution, String updatedAt, Integer version) {
        String snapshot = "{\"equipmentSerial\":\"" + serial + "\",\"sido\":\"서울특별시\",\"gugun\":\"종로구\","
                + "\"institution\":\"" + institution + "\",\"dataStatus\":\"active\",\"updatedAt\":\"" + updatedAt
                + "\"" + (version == null ? "" : ",\"version\":" + version) + "}";
        CloudEvent event = new CloudEvent(
                CloudEvent.newId(),
                "/aedpics/sync-service",
                EventTypes.DEVICE_UPSERTED,
                serial,
                OffsetDateTime.now(),
                snapshot);
        KafkaEvents.publish(Topics.DEVICES, serial, snapshot, event.headers());
        return event.id();
    }

    private static void awaitVersion(String serial, long version) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Long.valueOf(version)
                        .equals(Database.<Long>scalar(
                                "select registry_version from inspection.devices where equipment_serial = ?", serial)));
    }
}
