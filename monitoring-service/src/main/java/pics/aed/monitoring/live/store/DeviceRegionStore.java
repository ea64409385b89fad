package pics.aed.monitoring.live.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.Optional;
import pics.aed.monitoring.live.domain.Placement;

/** Where each device stands ({@code live_device_regions}), kept from the registry changelog. */
@Singleton
public class DeviceRegionStore {

    // A snapshot older than the one held (redelivery, a replayed partition) never moves a device back.
    private static final String UPSERT = """
            INSERT INTO live_device_regions (equipment_serial, sido, gugun, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (equipment_serial) DO UPDATE
               SET sido = EXCLUDED.sido, gugun = EXCLUDED.gugun, updated_at = EXCLUDED.updated_at
             WHERE live_device_regions.updated_at IS NULL OR EXCLUDED.updated_at IS NULL
                OR EXCLUDED.updated_at >= live_device_regions.updated_at""";
    private static final String FIND = "SELECT sido, gugun FROM live_device_regions WHERE equipment_serial = $1";

    public Uni<Void> upsert(SqlConnection tx, String serial, String sido, String gugun, OffsetDateTime updatedAt) {
        return tx.preparedQuery(UPSERT)
                .execute(Tuple.of(serial, sido, gugun, updatedAt))
                .replaceWithVoid();
    }

    /** The device's region as a placement; empty when the registry has not told us about the device. */
    public Uni<Optional<Placement>> find(SqlConnection tx, String serial) {
        return tx.preparedQuery(FIND).execute(Tuple.of(serial)).map(rows -> {
            var found = rows.iterator();
            if (!found.hasNext()) {
                return Optional.<Placement>empty();
            }
            var row = found.next();
            return Optional.of(Placement.ofRegion(row.getString("sido"), row.getString("gugun")));
        });
    }
}
