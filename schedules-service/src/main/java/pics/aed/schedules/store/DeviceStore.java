package pics.aed.schedules.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Optional;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.security.Region;
import pics.aed.schedules.domain.Device;

/** The SQL of {@code scheduling.devices}, this service's view of the registry. */
@Singleton
public class DeviceStore {

    private static final String FIND = """
            SELECT equipment_serial, sido, gugun, data_status FROM devices WHERE equipment_serial = $1""";

    /**
     * A snapshot older than the one held (a replay of the compacted topic, a reordering) never wins: the registry's
     * per-device version decides when both carry one, else its update time.
     */
    private static final String UPSERT = """
            INSERT INTO devices (equipment_serial, sido, gugun, data_status, registry_version, registry_updated_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT ON CONSTRAINT devices_pkey DO UPDATE
               SET sido = EXCLUDED.sido, gugun = EXCLUDED.gugun, data_status = EXCLUDED.data_status,
                   registry_version = EXCLUDED.registry_version, registry_updated_at = EXCLUDED.registry_updated_at,
                   received_at = now()
             WHERE CASE WHEN devices.registry_version IS NOT NULL AND EXCLUDED.registry_version IS NOT NULL
                        THEN devices.registry_version <= EXCLUDED.registry_version
                        ELSE devices.registry_updated_at IS NULL OR EXCLUDED.registry_updated_at IS NULL
                             OR devices.registry_updated_at <= EXCLUDED.registry_updated_at END
            RETURNING equipment_serial""";

    public Uni<Optional<Device>> find(SqlClient client, String equipmentSerial) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(equipmentSerial))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(map(rows.iterator().next())));
    }

    /**
     * @return whether the snapshot was applied (false: the view holds a newer one). Version 0 is a snapshot published
     *     before the registry versioned its devices: its update time decides.
     */
    public Uni<Boolean> apply(SqlClient tx, DeviceSnapshot snapshot) {
        Long registryVersion = snapshot.version() > 0 ? snapshot.version() : null;
        return tx.preparedQuery(UPSERT)
                .execute(Tuple.from(Arrays.asList(
                        snapshot.equipmentSerial(),
                        snapshot.sido(),
                        snapshot.gugun(),
                        snapshot.dataStatus() == null
                                ? Device.ACTIVE
                                : snapshot.dataStatus().name(),
                        registryVersion,
                        snapshot.updatedAt())))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Device map(Row row) {
        return new Device(
                row.getString("equipment_serial"),
                new Region(row.getString("sido"), row.getString("gugun")),
                row.getString("data_status"));
    }
}
