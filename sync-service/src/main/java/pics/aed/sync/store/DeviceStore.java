package pics.aed.sync.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.sync.config.SyncSettings;
import pics.aed.sync.domain.Device;

/** The SQL of the device read API and of inspection results applied to a device. */
@Singleton
public class DeviceStore {

    private static final String FIND =
            "SELECT " + DeviceColumns.SELECT + " FROM devices d WHERE d.equipment_serial = $1";

    /**
     * nearby_box (V2 migration) is the prefilter the point GiST index serves; earthdistance's great-circle
     * earth_distance is the exact cut and the order.
     */
    private static final String NEARBY = "SELECT " + DeviceColumns.SELECT + """
            , public.earth_distance(public.ll_to_earth($1, $2), public.ll_to_earth(d.latitude, d.longitude))
                   AS distance_meters
              FROM devices d
             WHERE d.latitude IS NOT NULL
               AND point(d.longitude, d.latitude) <@ nearby_box($1, $2, $3)
               AND public.earth_distance(public.ll_to_earth($1, $2), public.ll_to_earth(d.latitude, d.longitude)) <= $3
               AND ($4::text IS NULL OR d.sido = $4)
               AND ($5::text IS NULL OR d.gugun = $5)
             ORDER BY distance_meters, d.equipment_serial
             LIMIT $6 OFFSET $7""";

    private static final String NEARBY_COUNT = """
            SELECT count(*) AS total FROM devices d
             WHERE d.latitude IS NOT NULL
               AND point(d.longitude, d.latitude) <@ nearby_box($1, $2, $3)
               AND public.earth_distance(public.ll_to_earth($1, $2), public.ll_to_earth(d.latitude, d.longitude)) <= $3
               AND ($4::text IS NULL OR d.sido = $4)
               AND ($5::text IS NULL OR d.gugun = $5)""";

    /**
     * A completed inspection: the latest inspection date wins (events of one device arrive in order, but a
     * redelivered older one must not move it back); corrected expiry dates replace the registered ones. Nothing is
     * written, and no row returned, when nothing changes.
     */
    private static final String APPLY_INSPECTION = """
            UPDATE devices d
               SET last_inspection_date = GREATEST(d.last_inspection_date, $2::date),
                   battery_expiry_date = COALESCE($3::date, d.battery_expiry_date),
                   pad_expiry_date = COALESCE($4::date, d.pad_expiry_date),
                   updated_at = now(), version = d.version + 1
             WHERE d.equipment_serial = $1
               AND (GREATEST(d.last_inspection_date, $2::date) IS DISTINCT FROM d.last_inspection_date
                    OR ($3::date IS NOT NULL AND $3::date IS DISTINCT FROM d.battery_expiry_date)
                    OR ($4::date IS NOT NULL AND $4::date IS DISTINCT FROM d.pad_expiry_date))
            RETURNING d.equipment_serial""";

    private static final String COUNT_ALL = "SELECT count(*) AS n FROM devices";

    /** One attempt at a device row: its own savepoint and lock timeout, so a timed-out attempt can be retried. */
    private static final String SAVEPOINT = "SAVEPOINT apply_inspection";

    private static final String LOCK_TIMEOUT = "SELECT set_config('lock_timeout', $1, true)";
    private static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT apply_inspection";
    private static final String RELEASE_SAVEPOINT = "RELEASE SAVEPOINT apply_inspection";

    /** PostgreSQL's lock_not_available: the lock_timeout passed. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Duration lockTimeout;
    private final int lockAttempts;

    public DeviceStore(SyncSettings settings) {
        this.lockTimeout = settings.inspectionLockTimeout();
        this.lockAttempts = settings.inspectionLockAttempts();
    }

    public record Filter(String sido, String gugun, String q, String dataStatus, Region area) {}

    public record Nearby(Device device, double distanceMeters) {}

    public Uni<Optional<Device>> find(SqlClient client, String equipmentSerial) {
        return client.preparedQuery(FIND).execute(Tuple.of(equipmentSerial)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(DeviceColumns.map(it.next())) : Optional.empty();
        });
    }

    public Uni<Page<Device>> list(SqlClient client, Filter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        equal(conditions, params, "d.sido", filter.sido());
        equal(conditions, params, "d.gugun", filter.gugun());
        equal(conditions, params, "d.data_status", filter.dataStatus());
        equal(conditions, params, "d.sido", filter.area().sido());
        equal(conditions, params, "d.gugun", filter.area().gugun());
        if (filter.q() != null) {
            // ILIKE on a gin_trgm_ops index: a substring match that the trigram index serves (3+ characters)
            params.add(
                    "%" + filter.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            conditions.add("(d.institution ILIKE $" + params.size() + " OR d.address ILIKE $" + params.size() + ")");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        List<Object> paged = new ArrayList<>(params);
        paged.add(page.size());
        paged.add((long) page.page() * page.size());
        String select = "SELECT " + DeviceColumns.SELECT + " FROM devices d" + where
                + " ORDER BY d.equipment_serial LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2);
        return client.preparedQuery("SELECT count(*) AS total FROM devices d" + where)
                .execute(Tuple.from(params))
                .flatMap(total -> client.preparedQuery(select)
                        .execute(Tuple.from(paged))
                        .map(rows -> new Page<>(
                                devices(rows),
                                page.page(),
                                page.size(),
                                total.iterator().next().getLong("total"))));
    }

    public Uni<Page<Nearby>> nearby(
            SqlClient client, double latitude, double longitude, double radiusMeters, Region area, PageRequest page) {
        Tuple count = Tuple.from(Arrays.asList(latitude, longitude, radiusMeters, area.sido(), area.gugun()));
        Tuple select = Tuple.from(Arrays.asList(
                latitude,
                longitude,
                radiusMeters,
                area.sido(),
                area.gugun(),
                page.size(),
                (long) page.page() * page.size()));
        return client.preparedQuery(NEARBY_COUNT)
                .execute(count)
                .flatMap(total -> client.preparedQuery(NEARBY).execute(select).map(rows -> {
                    List<Nearby> items = new ArrayList<>();
                    for (Row row : rows) {
                        items.add(new Nearby(DeviceColumns.map(row), row.getDouble("distance_meters")));
                    }
                    return new Page<>(
                            items,
                            page.page(),
                            page.size(),
                            total.iterator().next().getLong("total"));
                }));
    }

    /**
     * Applies a completed inspection to its device within the caller's transaction. It never waits on a sync longer
     * than that sync's apply transaction: each attempt waits at most {@code aedpics.sync.inspection-lock-timeout} for
     * the row, then rolls back to its savepoint and tries again, up to {@code inspection-lock-attempts} times.
     *
     * @return whether the device changed (it exists and the inspection told the registry something new)
     */
    public Uni<Boolean> applyInspection(
            SqlClient tx,
            String equipmentSerial,
            LocalDate inspectedOn,
            LocalDate batteryExpiryDate,
            LocalDate padExpiryDate) {
        Tuple params = Tuple.of(equipmentSerial, inspectedOn, batteryExpiryDate, padExpiryDate);
        return applyInspectionAttempt(tx, params, 1);
    }

    private Uni<Boolean> applyInspectionAttempt(SqlClient tx, Tuple params, int attempt) {
        return tx.query(SAVEPOINT)
                .execute()
                .flatMap(saved -> tx.preparedQuery(LOCK_TIMEOUT).execute(Tuple.of(lockTimeout.toMillis() + "ms")))
                .flatMap(limited -> tx.preparedQuery(APPLY_INSPECTION).execute(params))
                .call(applied -> tx.query(RELEASE_SAVEPOINT).execute())
                .map(applied -> applied.rowCount() > 0)
                .onFailure(e -> attempt < lockAttempts && isLockTimeout(e))
                .recoverWithUni(e -> tx.query(ROLLBACK_TO_SAVEPOINT)
                        .execute()
                        .flatMap(rolledBack -> applyInspectionAttempt(tx, params, attempt + 1)));
    }

    private static boolean isLockTimeout(Throwable failure) {
        return failure instanceof PgException pg && LOCK_NOT_AVAILABLE.equals(pg.getSqlState());
    }

    public Uni<Long> count(SqlClient client) {
        return client.query(COUNT_ALL)
                .execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    private static void equal(List<String> conditions, List<Object> params, String column, Object value) {
        if (value != null) {
            params.add(value);
            conditions.add(column + " = $" + params.size());
        }
    }

    private static List<Device> devices(RowSet<Row> rows) {
        List<Device> devices = new ArrayList<>();
        rows.forEach(row -> devices.add(DeviceColumns.map(row)));
        return devices;
    }
}
