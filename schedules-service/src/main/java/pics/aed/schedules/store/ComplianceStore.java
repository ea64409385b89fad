package pics.aed.schedules.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The SQL of compliance: per region, what became of the month's legal inspection, counted in devices. */
@Singleton
public class ComplianceStore {

    /**
     * $1 sido or null, $2 gugun or null, $3/$4 the month's half-open bounds, $5 true to group by sido only. A device
     * counts once per column however many schedules it has; "completed" counts devices with a completed session in the
     * month, planned or not.
     */
    private static final String BY_REGION = """
            WITH area AS (
                SELECT equipment_serial, sido, gugun, data_status FROM devices
                 WHERE ($1::text IS NULL OR sido = $1::text) AND ($2::text IS NULL OR gugun = $2::text)
            ), month_schedules AS (
                SELECT equipment_serial,
                       bool_or(status <> 'cancelled') AS planned,
                       bool_or(status = 'in_progress') AS in_progress,
                       bool_or(status = 'missed') AS missed
                  FROM schedules
                 WHERE scheduled_for >= $3::timestamptz AND scheduled_for < $4::timestamptz
                   AND ($1::text IS NULL OR sido = $1::text) AND ($2::text IS NULL OR gugun = $2::text)
                 GROUP BY equipment_serial
            ), month_completed AS (
                SELECT DISTINCT equipment_serial FROM sessions
                 WHERE status = 'completed' AND completed_at >= $3::timestamptz AND completed_at < $4::timestamptz
            )
            SELECT a.sido, CASE WHEN $5::boolean THEN NULL ELSE a.gugun END AS gugun,
                   count(*) FILTER (WHERE a.data_status = 'active') AS active_devices,
                   count(*) FILTER (WHERE s.planned) AS planned,
                   count(*) FILTER (WHERE s.in_progress) AS in_progress,
                   count(*) FILTER (WHERE c.equipment_serial IS NOT NULL) AS completed,
                   count(*) FILTER (WHERE s.missed) AS missed,
                   count(*) FILTER (WHERE a.data_status = 'active' AND s.planned IS NOT TRUE) AS unplanned
              FROM area a
              LEFT JOIN month_schedules s ON s.equipment_serial = a.equipment_serial
              LEFT JOIN month_completed c ON c.equipment_serial = a.equipment_serial
             GROUP BY 1, 2
             ORDER BY 1, 2""";

    public record Figures(
            String sido,
            String gugun,
            long activeDevices,
            long planned,
            long inProgress,
            long completed,
            long missed,
            long unplanned) {}

    public Uni<List<Figures>> byRegion(
            SqlClient client,
            String sido,
            String gugun,
            OffsetDateTime monthStart,
            OffsetDateTime monthEnd,
            boolean bySido) {
        return client.preparedQuery(BY_REGION)
                .execute(Tuple.from(Arrays.asList(sido, gugun, monthStart, monthEnd, bySido)))
                .map(rows -> {
                    List<Figures> figures = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> figures.add(figures(row)));
                    return figures;
                });
    }

    private static Figures figures(Row row) {
        return new Figures(
                row.getString("sido"),
                row.getString("gugun"),
                row.getLong("active_devices"),
                row.getLong("planned"),
                row.getLong("in_progress"),
                row.getLong("completed"),
                row.getLong("missed"),
                row.getLong("unplanned"));
    }
}
