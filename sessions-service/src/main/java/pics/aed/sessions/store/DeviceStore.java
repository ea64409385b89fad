package pics.aed.sessions.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.UnnestColumns;
import pics.aed.sessions.domain.Device;

/** The SQL of {@code inspection.devices}, this service's view of the registry. */
@Singleton
public class DeviceStore {

    private static final String FIND = """
            SELECT equipment_serial, sido, gugun, data_status, snapshot FROM devices WHERE equipment_serial = $1""";
    /**
     * A run of snapshots (at most one per device, see {@link DeviceSnapshot#latestPerDevice}) in one statement. A
     * snapshot never replaces one of a higher version (replay of the compacted topic, reordering, a sync that stamped
     * an earlier time than an inspection result it raced with). Snapshots from before versions existed carry none:
     * they replace only each other, by updatedAt, and never a versioned one ({@link DeviceSnapshot#supersedes}).
     */
    private static final String UPSERT_ALL = """
            INSERT INTO devices (equipment_serial, sido, gugun, data_status, snapshot, registry_updated_at,
                                 registry_version)
            SELECT s.equipment_serial, s.sido, s.gugun, s.data_status, s.snapshot::jsonb, s.registry_updated_at,
                   s.registry_version
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[])
                   AS s(equipment_serial, sido, gugun, data_status, snapshot, registry_updated_at, registry_version)
            ON CONFLICT ON CONSTRAINT devices_pkey DO UPDATE
               SET sido = EXCLUDED.sido, gugun = EXCLUDED.gugun, data_status = EXCLUDED.data_status,
                   snapshot = EXCLUDED.snapshot, registry_updated_at = EXCLUDED.registry_updated_at,
                   registry_version = EXCLUDED.registry_version, received_at = now()
             WHERE CASE WHEN EXCLUDED.registry_version IS NOT NULL
                        THEN devices.registry_version IS NULL OR devices.registry_version <= EXCLUDED.registry_version
                        ELSE devices.registry_version IS NULL
                             AND (devices.registry_updated_at IS NULL OR EXCLUDED.registry_updated_at IS NULL
                                  OR devices.registry_updated_at <= EXCLUDED.registry_updated_at) END""";

    /** A device and whether it is assigned to {@code assigneeId} (pending or in progress), in one round trip. */
    public record DeviceForCaller(Device device, boolean assigned) {}

    private static final String FIND_WITH_ASSIGNMENT = """
            SELECT d.equipment_serial, d.sido, d.gugun, d.data_status, d.snapshot,
                   EXISTS (SELECT 1 FROM assignments a WHERE a.equipment_serial = d.equipment_serial
                            AND a.assignee_id = $2 AND a.status IN ('pending', 'in_progress')) AS assigned
              FROM devices d WHERE d.equipment_serial = $1""";

    public Uni<Optional<DeviceForCaller>> findForCaller(SqlClient client, String equipmentSerial, String assigneeId) {
        return client.preparedQuery(FIND_WITH_ASSIGNMENT)
                .execute(Tuple.of(equipmentSerial, assigneeId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new DeviceForCaller(map(row), row.getBoolean("assigned")));
                });
    }

    public Uni<Optional<Device>> find(SqlClient client, String equipmentSerial) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(equipmentSerial))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(map(rows.iterator().next())));
    }

    /**
     * The device view's effect of consecutive registry snapshots ({@code aed.devices.v1}), applied as one statement:
     * what applying them one by one would keep (the highest version of each device).
     */
    public Uni<Void> applyAll(SqlClient tx, List<DeviceSnapshot> snapshots) {
        List<DeviceSnapshot> latest = DeviceSnapshot.latestPerDevice(snapshots);
        return tx.preparedQuery(UPSERT_ALL)
                .execute(UnnestColumns.of(latest)
                        .column(String.class, DeviceSnapshot::equipmentSerial)
                        .column(String.class, DeviceSnapshot::sido)
                        .column(String.class, DeviceSnapshot::gugun)
                        .column(String.class, device -> device.statusOrActive().name())
                        .column(String.class, Json::encode)
                        .column(OffsetDateTime.class, DeviceSnapshot::updatedAt)
                        .column(Long.class, DeviceSnapshot::versionOrNone)
                        .tuple())
                .replaceWithVoid();
    }

    private static Device map(Row row) {
        return new Device(
                row.getString("equipment_serial"),
                new Region(row.getString("sido"), row.getString("gugun")),
                row.getString("data_status"),
                (JsonObject) row.getValue("snapshot"));
    }
}
