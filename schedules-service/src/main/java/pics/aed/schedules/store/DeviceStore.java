package pics.aed.schedules.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.UnnestColumns;
import pics.aed.schedules.domain.Device;

/** The SQL of {@code scheduling.devices}, this service's view of the registry. */
@Singleton
public class DeviceStore {

    private static final String FIND = """
            SELECT equipment_serial, sido, gugun, data_status FROM devices WHERE equipment_serial = $1""";

    /**
     * A run of snapshots (at most one per device, see {@link DeviceSnapshot#latestPerDevice}) in one statement. A
     * snapshot older than the one held (a replay of the compacted topic, a reordering) never wins: the registry's
     * per-device version decides; a snapshot from before versions existed replaces only another such one, by its
     * update time ({@link DeviceSnapshot#supersedes}). Returns the devices written.
     */
    private static final String UPSERT_ALL = """
            INSERT INTO devices (equipment_serial, sido, gugun, data_status, registry_version, registry_updated_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[])
            ON CONFLICT ON CONSTRAINT devices_pkey DO UPDATE
               SET sido = EXCLUDED.sido, gugun = EXCLUDED.gugun, data_status = EXCLUDED.data_status,
                   registry_version = EXCLUDED.registry_version, registry_updated_at = EXCLUDED.registry_updated_at,
                   received_at = now()
             WHERE CASE WHEN EXCLUDED.registry_version IS NOT NULL
                        THEN devices.registry_version IS NULL OR devices.registry_version <= EXCLUDED.registry_version
                        ELSE devices.registry_version IS NULL
                             AND (devices.registry_updated_at IS NULL OR EXCLUDED.registry_updated_at IS NULL
                                  OR devices.registry_updated_at <= EXCLUDED.registry_updated_at) END
            RETURNING equipment_serial, data_status""";

    public Uni<Optional<Device>> find(SqlClient client, String equipmentSerial) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(equipmentSerial))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(map(rows.iterator().next())));
    }

    /**
     * Applies consecutive snapshots as applying them one by one would (the highest version of each device).
     *
     * @return the devices now held as {@code deletion_suspected} because of these snapshots
     */
    public Uni<List<String>> applyAll(SqlClient tx, List<DeviceSnapshot> snapshots) {
        List<DeviceSnapshot> latest = DeviceSnapshot.latestPerDevice(snapshots);
        return tx.preparedQuery(UPSERT_ALL)
                .execute(UnnestColumns.of(latest)
                        .column(String.class, DeviceSnapshot::equipmentSerial)
                        .column(String.class, DeviceSnapshot::sido)
                        .column(String.class, DeviceSnapshot::gugun)
                        .column(
                                String.class,
                                snapshot -> snapshot.statusOrActive().name())
                        .column(Long.class, DeviceSnapshot::versionOrNone)
                        .column(OffsetDateTime.class, DeviceSnapshot::updatedAt)
                        .tuple())
                .map(DeviceStore::suspectedDeleted);
    }

    private static List<String> suspectedDeleted(RowSet<Row> written) {
        List<String> serials = new ArrayList<>();
        for (Row row : written) {
            if (DeviceSnapshot.DataStatus.deletion_suspected.name().equals(row.getString("data_status"))) {
                serials.add(row.getString("equipment_serial"));
            }
        }
        return serials;
    }

    private static Device map(Row row) {
        return new Device(
                row.getString("equipment_serial"),
                new Region(row.getString("sido"), row.getString("gugun")),
                row.getString("data_status"));
    }
}
