package pics.aed.sync.store;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.sync.domain.Device;

/** The column list of {@code registry.devices} as the API and the events read it, and the row mapper. */
final class DeviceColumns {

    /**
     * {@code lastSeenAt}: an unchanged device is not rewritten by a run (a no-change run writes no row), so an active
     * device that a feed has seen was, by definition, seen by the latest successful feed run: the later of its own
     * {@code last_seen_at} and that run's start.
     */
    static final String SELECT = """
            d.equipment_serial, d.management_number, d.sido, d.gugun, d.health_center, d.institution, d.address,
            d.position, d.latitude, d.longitude, d.manufacturer, d.model, d.manufacturing_date, d.battery_expiry_date,
            d.pad_expiry_date, d.operation_status, d.last_inspection_date, d.opening_hours, d.data_status,
            d.first_seen_at,
            CASE WHEN d.data_status = 'active' AND d.last_seen_at IS NOT NULL
                 THEN GREATEST(d.last_seen_at, (SELECT max(r.started_at) FROM sync_runs r
                                                 WHERE r.status = 'succeeded' AND r.mode <> 'import'))
                 ELSE d.last_seen_at END AS last_seen_at,
            d.updated_at, d.version""";

    /**
     * The {@link DeviceSnapshot} of device {@code d} as json, built in the database for bulk events: the same members,
     * in the same order, as the record's JSON (nulls included, dates ISO, updatedAt in UTC). DeviceSnapshotSqlTest
     * holds the two equal.
     */
    static final String SNAPSHOT_JSON = """
            json_build_object(
                'equipmentSerial', d.equipment_serial, 'managementNumber', d.management_number, 'sido', d.sido,
                'gugun', d.gugun, 'healthCenter', d.health_center, 'institution', d.institution,
                'address', d.address, 'position', d.position, 'latitude', d.latitude, 'longitude', d.longitude,
                'manufacturer', d.manufacturer, 'model', d.model, 'manufacturingDate', d.manufacturing_date,
                'batteryExpiryDate', d.battery_expiry_date, 'padExpiryDate', d.pad_expiry_date,
                'operationStatus', d.operation_status, 'lastInspectionDate', d.last_inspection_date,
                'openingHours', d.opening_hours, 'dataStatus', d.data_status,
                'updatedAt', to_char(d.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'version', d.version)""";

    private DeviceColumns() {}

    static Device map(Row row) {
        JsonObject hours = (JsonObject) row.getValue("opening_hours");
        Map<String, String> openingHours = null;
        if (hours != null) {
            openingHours = new LinkedHashMap<>();
            for (String key : hours.fieldNames()) {
                openingHours.put(key, hours.getString(key));
            }
        }
        DeviceSnapshot snapshot = new DeviceSnapshot(
                row.getString("equipment_serial"),
                row.getString("management_number"),
                row.getString("sido"),
                row.getString("gugun"),
                row.getString("health_center"),
                row.getString("institution"),
                row.getString("address"),
                row.getString("position"),
                row.getDouble("latitude"),
                row.getDouble("longitude"),
                row.getString("manufacturer"),
                row.getString("model"),
                date(row, "manufacturing_date"),
                date(row, "battery_expiry_date"),
                date(row, "pad_expiry_date"),
                row.getString("operation_status"),
                date(row, "last_inspection_date"),
                openingHours,
                DeviceSnapshot.DataStatus.valueOf(row.getString("data_status")),
                row.getOffsetDateTime("updated_at"),
                row.getLong("version"));
        return new Device(snapshot, row.getOffsetDateTime("first_seen_at"), row.getOffsetDateTime("last_seen_at"));
    }

    private static LocalDate date(Row row, String column) {
        return row.getLocalDate(column);
    }
}
