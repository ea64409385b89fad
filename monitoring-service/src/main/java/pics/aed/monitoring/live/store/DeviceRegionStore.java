package pics.aed.monitoring.live.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.Optional;
import pics.aed.monitoring.live.domain.Placement;

/** Where a device stands, from the service's device view ({@code devices}, kept from {@code aed.devices.v1}). */
@Singleton
public class DeviceRegionStore {

    private static final String FIND = "SELECT sido, gugun FROM devices WHERE equipment_serial = $1";

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
