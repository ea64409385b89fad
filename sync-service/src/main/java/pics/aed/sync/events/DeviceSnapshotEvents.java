package pics.aed.sync.events;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.platform.outbox.Outbox;
import pics.aed.sync.store.RegistryWriter;

/**
 * The device snapshots a sync run puts on {@code aed.devices.v1}, one per device it wrote, built by the database in
 * the apply transaction: a first sync writes 81,000 of them, and reading each device back into Java only to write it
 * out again as JSON took longer than writing the devices (docs/benchmarks.md).
 */
@Singleton
public class DeviceSnapshotEvents {

    private final Outbox outbox;

    public DeviceSnapshotEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Every device the run inserted, updated or restored (its rows of run_staging say which). */
    public Uni<Integer> appendWritten(SqlClient tx, UUID runId) {
        return outbox.appendQueried(
                tx, Topics.DEVICES, EventTypes.DEVICE_UPSERTED, RegistryWriter.WRITTEN_SNAPSHOTS, Tuple.of(runId));
    }

    /** Devices whose status the run changed without the feed listing them (they went missing). */
    public Uni<Integer> appendFor(SqlClient tx, List<String> equipmentSerials) {
        if (equipmentSerials.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return outbox.appendQueried(
                tx,
                Topics.DEVICES,
                EventTypes.DEVICE_UPSERTED,
                RegistryWriter.SNAPSHOTS_BY_SERIAL,
                Tuple.of(equipmentSerials.toArray(String[]::new)));
    }
}
