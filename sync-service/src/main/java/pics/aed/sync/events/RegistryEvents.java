package pics.aed.sync.events;

import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.platform.outbox.OutboxEvent;
import pics.aed.sync.domain.Device;
import pics.aed.sync.domain.SyncRun;

/** The events this service writes: device snapshots on the compacted {@code aed.devices.v1}, runs on {@code aed.sync-runs.v1}. */
public final class RegistryEvents {

    private RegistryEvents() {}

    public static OutboxEvent deviceUpserted(Device device) {
        return OutboxEvent.aboutDevice(
                Topics.DEVICES, EventTypes.DEVICE_UPSERTED, device.equipmentSerial(), device.snapshot());
    }

    /** Keyed by the run id: a run is about no single device. */
    public static OutboxEvent runFinished(SyncRun run) {
        String type = switch (run.status()) {
            case succeeded -> EventTypes.SYNC_RUN_SUCCEEDED;
            case failed -> EventTypes.SYNC_RUN_FAILED;
            case aborted -> EventTypes.SYNC_RUN_ABORTED;
            case running -> throw new IllegalArgumentException("a running run has not finished");
        };
        return new OutboxEvent(
                Topics.SYNC_RUNS, run.id().toString(), type, run.id().toString(), run.finishedEvent());
    }
}
