package pics.aed.testsupport;

import java.time.OffsetDateTime;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;

/**
 * Device snapshots on {@code aed.devices.v1} as sync-service publishes them (a {@code pics.aed.device.upserted}
 * CloudEvent keyed by the serial), for the tests of the services that consume the registry. The snapshot's JSON is the
 * test's own: a test of an older snapshot leaves out what older snapshots lacked.
 */
public final class DeviceSnapshots {

    private DeviceSnapshots() {}

    /** The event that carries {@code snapshotJson}, with a new id (publish it twice for a redelivery). */
    public static CloudEvent event(String serial, String snapshotJson) {
        return new CloudEvent(
                CloudEvent.newId(),
                "/aedpics/sync-service",
                EventTypes.DEVICE_UPSERTED,
                serial,
                OffsetDateTime.now(),
                snapshotJson);
    }

    public static void publish(CloudEvent event) {
        KafkaEvents.publish(Topics.DEVICES, event.subject(), event.data(), event.headers());
    }

    /** Publishes a new event carrying {@code snapshotJson}; returns its id. */
    public static String publish(String serial, String snapshotJson) {
        CloudEvent event = event(serial, snapshotJson);
        publish(event);
        return event.id();
    }
}
