package pics.aed.monitoring.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.monitoring.domain.Observations.ExpiredInRegion;
import pics.aed.monitoring.domain.ReadinessCriteria;
import pics.aed.monitoring.domain.ReadinessProblem;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.UnnestColumns;

/** The SQL of {@code monitoring.devices}, the readiness view, and its roll-ups. */
@Singleton
public class ReadinessStore {

    /**
     * The registry's side of a device. A snapshot never replaces one of a higher version (replays of the compacted
     * topic, reordering); snapshots from before versions existed replace only each other, by updatedAt. An expiry
     * date's change time moves only when the registry's value changes, so that an inspector's later correction keeps
     * overriding a registry that merely re-sent the old date.
     */
    private static final String UPSERT_DEVICES = """
            INSERT INTO devices (equipment_serial, sido, gugun, data_status, registry_battery_expiry,
                                 registry_battery_changed_at, registry_pad_expiry, registry_pad_changed_at,
                                 registry_last_inspection, registry_updated_at, registry_version)
            SELECT s.equipment_serial, s.sido, s.gugun, s.data_status, s.battery_expiry, s.updated_at,
                   s.pad_expiry, s.updated_at, s.last_inspection, s.updated_at, s.version
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::date[],
                          $8::timestamptz[], $9::bigint[])
                   AS s(equipment_serial, sido, gugun, data_status, battery_expiry, pad_expiry, last_inspection,
                        updated_at, version)
            ON CONFLICT ON CONSTRAINT devices_pkey DO UPDATE
               SET sido = EXCLUDED.sido, gugun = EXCLUDED.gugun, data_status = EXCLUDED.data_status,
                   registry_battery_changed_at = CASE
                       WHEN devices.registry_battery_expiry IS DISTINCT FROM EXCLUDED.registry_battery_expiry
                         OR devices.registry_updated_at IS NULL
                       THEN EXCLUDED.registry_battery_changed_at ELSE devices.registry_battery_changed_at END,
                   registry_battery_expiry = EXCLUDED.registry_battery_expiry,
                   registry_pad_changed_at = CASE
                       WHEN devices.registry_pad_expiry IS DISTINCT FROM EXCLUDED.registry_pad_expiry
                         OR devices.registry_updated_at IS NULL
                       THEN EXCLUDED.registry_pad_changed_at ELSE devices.registry_pad_changed_at END,
                   registry_pad_expiry = EXCLUDED.registry_pad_expiry,
                   registry_last_inspection = EXCLUDED.registry_last_inspection,
                   registry_updated_at = EXCLUDED.registry_updated_at,
                   registry_version = EXCLUDED.registry_version
             WHERE CASE WHEN EXCLUDED.registry_version IS NOT NULL
                        THEN devices.registry_version IS NULL OR devices.registry_version <= EXCLUDED.registry_version
                        ELSE devices.registry_version IS NULL
                             AND (devices.registry_updated_at IS NULL OR EXCLUDED.registry_updated_at IS NULL
                                  OR devices.registry_updated_at <= EXCLUDED.registry_updated_at) END""";

    /** A completed session: its day, and the expiry dates its inspector corrected, each only if newer than held. */
    private static final String SESSION_COMPLETED = """
            INSERT INTO devices (equipment_serial, last_session_completed_on, corrected_battery_expiry,
                                 corrected_battery_at, corrected_pad_expiry, corrected_pad_at)
            VALUES ($1, $2, $3, CASE WHEN $3::date IS NULL THEN NULL ELSE $5::timestamptz END,
                    $4, CASE WHEN $4::date IS NULL THEN NULL ELSE $5::timestamptz END)
            ON CONFLICT ON CONSTRAINT devices_pkey DO UPDATE
               SET last_session_completed_on = greatest(devices.last_session_completed_on,
                                                        EXCLUDED.last_session_completed_on),
                   corrected_battery_expiry = CASE
                       WHEN EXCLUDED.corrected_battery_at IS NOT NULL
                        AND (devices.corrected_battery_at IS NULL
                             OR devices.corrected_battery_at <= EXCLUDED.corrected_battery_at)
                       THEN EXCLUDED.corrected_battery_expiry ELSE devices.corrected_battery_expiry END,
                   corrected_battery_at = CASE
                       WHEN EXCLUDED.corrected_battery_at IS NOT NULL
                        AND (devices.corrected_battery_at IS NULL
                             OR devices.corrected_battery_at <= EXCLUDED.corrected_battery_at)
                       THEN EXCLUDED.corrected_battery_at ELSE devices.corrected_battery_at END,
                   corrected_pad_expiry = CASE
                       WHEN EXCLUDED.corrected_pad_at IS NOT NULL
                        AND (devices.corrected_pad_at IS NULL OR devices.corrected_pad_at <= EXCLUDED.corrected_pad_at)
                       THEN EXCLUDED.corrected_pad_expiry ELSE devices.corrected_pad_expiry END,
                   corrected_pad_at = CASE
                       WHEN EXCLUDED.corrected_pad_at IS NOT NULL
                        AND (devices.corrected_pad_at IS NULL OR devices.corrected_pad_at <= EXCLUDED.corrected_pad_at)
                       THEN EXCLUDED.corrected_pad_at ELSE devices.corrected_pad_at END""";

    private static final String IN_REGION = "($1::text IS NULL OR sido = $1) AND ($2::text IS NULL OR gugun = $2)";

    /** $3 expired before, $4 expiring until (inclusive), $5 this month's first day, $6 the previous month's. */
    private static final String FIGURES = """
            count(*) AS devices,
            count(*) FILTER (WHERE battery_expiry_date < $3) AS battery_expired,
            count(*) FILTER (WHERE battery_expiry_date >= $3 AND battery_expiry_date <= $4) AS battery_expiring,
            count(*) FILTER (WHERE pad_expiry_date < $3) AS pad_expired,
            count(*) FILTER (WHERE pad_expiry_date >= $3 AND pad_expiry_date <= $4) AS pad_expiring,
            count(*) FILTER (WHERE last_inspection_date IS NULL OR last_inspection_date < $5)
                AS not_inspected_this_month,
            count(*) FILTER (WHERE last_inspection_date IS NULL OR last_inspection_date < $6)
                AS not_inspected_two_months""";

    private static final String BY_GUGUN =
            "SELECT sido, gugun, " + FIGURES + " FROM devices WHERE data_status = 'active' AND " + IN_REGION
                    + " GROUP BY sido, gugun ORDER BY sido, gugun";

    private static final String BY_SIDO = "SELECT sido, NULL::text AS gugun, " + FIGURES
            + " FROM devices WHERE data_status = 'active' AND " + IN_REGION + " GROUP BY sido ORDER BY sido";

    private static final String EXPIRED_BY_REGION = """
            SELECT sido, gugun,
                   count(*) FILTER (WHERE battery_expiry_date < $1) AS battery_expired,
                   count(*) FILTER (WHERE pad_expiry_date < $1) AS pad_expired
              FROM devices
             WHERE data_status = 'active' AND (battery_expiry_date < $1 OR pad_expiry_date < $1)
             GROUP BY sido, gugun
             ORDER BY sido, gugun""";

    private static final String DEVICE_COLUMNS = """
            equipment_serial, sido, gugun, battery_expiry_date, pad_expiry_date, last_inspection_date,
            registry_battery_expiry, registry_pad_expiry, corrected_battery_expiry, corrected_pad_expiry""";

    private static final String COMPLIANCE = """
            SELECT count(*) AS active_devices,
                   count(*) FILTER (WHERE last_inspection_date >= $3) AS inspected_this_month
              FROM devices WHERE data_status = 'active' AND """ + " " + IN_REGION;

    /** One region's readiness figures. */
    public record RegionFigures(
            String sido,
            String gugun,
            long devices,
            long batteryExpired,
            long batteryExpiring,
            long padExpired,
            long padExpiring,
            long notInspectedThisMonth,
            long notInspectedTwoMonths) {}

    /** A device and the dates that count for its readiness (registry's and corrected ones alongside). */
    public record DeviceDates(
            String equipmentSerial,
            String sido,
            String gugun,
            LocalDate batteryExpiryDate,
            LocalDate padExpiryDate,
            LocalDate lastInspectionDate,
            LocalDate registryBatteryExpiryDate,
            LocalDate registryPadExpiryDate,
            LocalDate correctedBatteryExpiryDate,
            LocalDate correctedPadExpiryDate) {}

    public record Compliance(long activeDevices, long inspectedThisMonth) {}

    /**
     * Consecutive registry snapshots in one statement, as applying them one by one would leave the view (the highest
     * version of each device, {@link DeviceSnapshot#latestPerDevice}).
     */
    public Uni<Void> applySnapshots(SqlClient tx, List<DeviceSnapshot> snapshots) {
        List<DeviceSnapshot> latest = DeviceSnapshot.latestPerDevice(snapshots);
        return tx.preparedQuery(UPSERT_DEVICES)
                .execute(UnnestColumns.of(latest)
                        .column(String.class, DeviceSnapshot::equipmentSerial)
                        .column(String.class, DeviceSnapshot::sido)
                        .column(String.class, DeviceSnapshot::gugun)
                        .column(
                                String.class,
                                snapshot -> snapshot.statusOrActive().name())
                        .column(LocalDate.class, DeviceSnapshot::batteryExpiryDate)
                        .column(LocalDate.class, DeviceSnapshot::padExpiryDate)
                        .column(LocalDate.class, DeviceSnapshot::lastInspectionDate)
                        .column(OffsetDateTime.class, DeviceSnapshot::updatedAt)
                        .column(Long.class, DeviceSnapshot::versionOrNone)
                        .tuple())
                .replaceWithVoid();
    }

    public Uni<Void> applyCompletedSession(SqlClient tx, SessionCompleted session) {
        LocalDate completedOn =
                session.completedAt().atZoneSameInstant(ReadinessCriteria.KOREA).toLocalDate();
        return tx.preparedQuery(SESSION_COMPLETED)
                .execute(Tuple.from(Arrays.<Object>asList(
                        session.equipmentSerial(),
                        completedOn,
                        session.batteryExpiryDate(),
                        session.padExpiryDate(),
                        session.completedAt())))
                .replaceWithVoid();
    }

    public Uni<List<RegionFigures>> figures(SqlClient client, Region area, ReadinessCriteria criteria, boolean bySido) {
        return client.preparedQuery(bySido ? BY_SIDO : BY_GUGUN)
                .execute(Tuple.from(Arrays.<Object>asList(
                        area.sido(),
                        area.gugun(),
                        criteria.expiredBefore(),
                        criteria.expiringUntil(),
                        criteria.thisMonthStart(),
                        criteria.previousMonthStart())))
                .map(rows -> AuditStore.mapAll(rows, ReadinessStore::figuresOf));
    }

    public Uni<List<ExpiredInRegion>> expiredByRegion(SqlClient client, LocalDate today) {
        return client.preparedQuery(EXPIRED_BY_REGION)
                .execute(Tuple.of(today))
                .map(rows -> AuditStore.mapAll(
                        rows,
                        row -> new ExpiredInRegion(
                                row.getString("sido"),
                                row.getString("gugun"),
                                row.getLong("battery_expired"),
                                row.getLong("pad_expired"))));
    }

    public Uni<Compliance> compliance(SqlClient client, Region area, LocalDate monthStart) {
        return client.preparedQuery(COMPLIANCE)
                .execute(Tuple.from(Arrays.<Object>asList(area.sido(), area.gugun(), monthStart)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Compliance(row.getLong("active_devices"), row.getLong("inspected_this_month"));
                });
    }

    /** Active devices with one problem, by equipment serial. */
    public Uni<Page<DeviceDates>> devicesWith(
            SqlClient client, ReadinessProblem problem, Region area, ReadinessCriteria criteria, PageRequest page) {
        ProblemFilter filter = ProblemFilter.of(problem, criteria);
        String where = "data_status = 'active' AND " + IN_REGION + " AND " + filter.condition();
        int next = 3 + filter.bounds().size();
        String count = "SELECT count(*) AS total FROM devices WHERE " + where;
        String select = "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE " + where
                + " ORDER BY equipment_serial LIMIT $" + next + " OFFSET $" + (next + 1);
        List<Object> params = new ArrayList<>(Arrays.<Object>asList(area.sido(), area.gugun()));
        params.addAll(filter.bounds());
        List<Object> paged = new ArrayList<>(params);
        paged.add(page.size());
        paged.add((long) page.page() * page.size());
        return client.preparedQuery(count)
                .execute(Tuple.from(params))
                .map(rows -> rows.iterator().next().getLong("total"))
                .flatMap(total -> client.preparedQuery(select)
                        .execute(Tuple.from(paged))
                        .map(rows -> new Page<>(
                                AuditStore.mapAll(rows, ReadinessStore::datesOf), page.page(), page.size(), total)));
    }

    /** One problem's condition, with the boundaries of {@link ReadinessCriteria} it binds from $3 on. */
    private record ProblemFilter(String condition, List<Object> bounds) {

        static ProblemFilter of(ReadinessProblem problem, ReadinessCriteria criteria) {
            return switch (problem) {
                case BATTERY_EXPIRED ->
                    new ProblemFilter("battery_expiry_date < $3", List.of(criteria.expiredBefore()));
                case BATTERY_EXPIRING ->
                    new ProblemFilter(
                            "battery_expiry_date >= $3 AND battery_expiry_date <= $4",
                            List.of(criteria.expiredBefore(), criteria.expiringUntil()));
                case PAD_EXPIRED -> new ProblemFilter("pad_expiry_date < $3", List.of(criteria.expiredBefore()));
                case PAD_EXPIRING ->
                    new ProblemFilter(
                            "pad_expiry_date >= $3 AND pad_expiry_date <= $4",
                            List.of(criteria.expiredBefore(), criteria.expiringUntil()));
                case NOT_INSPECTED_THIS_MONTH ->
                    new ProblemFilter(
                            "(last_inspection_date IS NULL OR last_inspection_date < $3)",
                            List.of(criteria.thisMonthStart()));
                case NOT_INSPECTED_TWO_MONTHS ->
                    new ProblemFilter(
                            "(last_inspection_date IS NULL OR last_inspection_date < $3)",
                            List.of(criteria.previousMonthStart()));
            };
        }
    }

    private static RegionFigures figuresOf(Row row) {
        return new RegionFigures(
                row.getString("sido"),
                row.getString("gugun"),
                row.getLong("devices"),
                row.getLong("battery_expired"),
                row.getLong("battery_expiring"),
                row.getLong("pad_expired"),
                row.getLong("pad_expiring"),
                row.getLong("not_inspected_this_month"),
                row.getLong("not_inspected_two_months"));
    }

    private static DeviceDates datesOf(Row row) {
        return new DeviceDates(
                row.getString("equipment_serial"),
                row.getString("sido"),
                row.getString("gugun"),
                row.getLocalDate("battery_expiry_date"),
                row.getLocalDate("pad_expiry_date"),
                row.getLocalDate("last_inspection_date"),
                row.getLocalDate("registry_battery_expiry"),
                row.getLocalDate("registry_pad_expiry"),
                row.getLocalDate("corrected_battery_expiry"),
                row.getLocalDate("corrected_pad_expiry"));
    }
}
