package pics.aed.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.testsupport.Database;

/**
 * A sync builds its device events in SQL ({@link DeviceColumns#SNAPSHOT_JSON}); everything else builds them from the
 * {@link DeviceSnapshot} record. Consumers must not be able to tell the two apart: same members, same values.
 */
@QuarkusTest
class DeviceSnapshotSqlTest {

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @AfterEach
    void removeDevices() {
        Database.execute("delete from registry.devices where equipment_serial like 'SNAP-%'");
    }

    @Test
    void theSqlSnapshotEqualsTheRecordsJsonForAFullAndAnEmptyDevice() throws Exception {
        Database.execute("""
                insert into registry.devices (equipment_serial, management_number, sido, gugun, health_center,
                    institution, address, position, latitude, longitude, manufacturer, model, manufacturing_date,
                    battery_expiry_date, pad_expiry_date, operation_status, last_inspection_date, opening_hours,
                    clerk_tel, manager, manager_tel, zipcode, feed_hash, data_status, missing_runs, first_seen_at,
                    last_seen_at, updated_at)
                values ('SNAP-FULL', 'M-SNAP-1', '서울특별시', '종로구', '종로구보건소', '종로구청 "본관"',
                    '서울특별시 종로구 삼봉로 43', '1층 로비\\안내데스크 옆', 37.573512345, 126.97901, '(주)씨유메디칼시스템',
                    'CU-SP1', '2020-01-02', '2027-03-31', '2026-01-31', '정상', '2025-10-01',
                    '{"mon": "09:00-18:00", "sun": "closed"}', '02-123-4567', '김관리', '010-1234-5678', '03154',
                    'x', 'missing', 1, now(), now(), '2026-12-01 17:26:43.1234+09'),
                       ('SNAP-EMPTY', null, '부산광역시', '중구', null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, 'y', 'active', 0, now(), null,
                    '2026-12-01 08:00:00+00')""");

        for (String serial : List.of("SNAP-FULL", "SNAP-EMPTY")) {
            Row row = pool.preparedQuery("SELECT " + DeviceColumns.SELECT + ", " + DeviceColumns.SNAPSHOT_JSON
                            + "::text AS sql_snapshot FROM registry.devices d WHERE d.equipment_serial = $1")
                    .execute(Tuple.of(serial))
                    .await()
                    .indefinitely()
                    .iterator()
                    .next();
            DeviceSnapshot fromRecord = DeviceColumns.map(row).snapshot();
            JsonNode recordJson = json.valueToTree(fromRecord);
            JsonNode sqlJson = json.readTree(row.getString("sql_snapshot"));

            assertThat(names(sqlJson)).as(serial).containsExactlyInAnyOrderElementsOf(names(recordJson));
            assertThat(json.treeToValue(sqlJson, DeviceSnapshot.class))
                    .as(serial)
                    .isEqualTo(fromRecord);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
