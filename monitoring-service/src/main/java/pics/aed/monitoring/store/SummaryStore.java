package pics.aed.monitoring.store;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import pics.aed.platform.security.Region;

/**
 * The summary's counts over the other services' schemas, within a region (null members: any), read through the
 * read-only {@code audit} datasource.
 */
@Singleton
public class SummaryStore {

    private static final String IN_REGION = "($1::text IS NULL OR sido = $1) AND ($2::text IS NULL OR gugun = $2)";

    private static final String DEVICES_BY_STATUS =
            "SELECT data_status AS key, count(*) AS n FROM registry.devices WHERE " + IN_REGION + " GROUP BY 1";

    private static final String OPEN_SESSIONS = "SELECT status AS key, count(*) AS n FROM inspection.sessions WHERE "
            + IN_REGION + " AND status IN ('active', 'paused') GROUP BY 1";

    private static final String INSPECTIONS_BY_APPROVAL =
            "SELECT approval_status AS key, count(*) AS n FROM inspection.inspections WHERE " + IN_REGION
                    + " AND inspected_at >= $3 AND inspected_at < $4 GROUP BY 1";

    private static final String SCHEDULES_BY_STATUS = "SELECT status AS key, count(*) AS n FROM scheduling.schedules"
            + " WHERE " + IN_REGION + " AND scheduled_for >= $3 AND scheduled_for < $4 GROUP BY 1";

    private final Pool audit;

    public SummaryStore(@ReactiveDataSource("audit") Pool audit) {
        this.audit = audit;
    }

    public Uni<Map<String, Long>> devicesByDataStatus(Region area) {
        return counts(
                DEVICES_BY_STATUS, Tuple.of(area.sido(), area.gugun()), "active", "missing", "deletion_suspected");
    }

    public Uni<Map<String, Long>> openSessions(Region area) {
        return counts(OPEN_SESSIONS, Tuple.of(area.sido(), area.gugun()), "active", "paused");
    }

    public Uni<Map<String, Long>> inspectionsByApproval(Region area, OffsetDateTime from, OffsetDateTime until) {
        return counts(
                INSPECTIONS_BY_APPROVAL,
                Tuple.of(area.sido(), area.gugun(), from, until),
                "submitted",
                "approved",
                "rejected");
    }

    public Uni<Map<String, Long>> schedulesByStatus(Region area, OffsetDateTime from, OffsetDateTime until) {
        return counts(
                SCHEDULES_BY_STATUS,
                Tuple.of(area.sido(), area.gugun(), from, until),
                "scheduled",
                "in_progress",
                "completed",
                "cancelled",
                "missed");
    }

    /** Counts by key, every known key present (zero when none), then any key the data holds besides. */
    private Uni<Map<String, Long>> counts(String sql, Tuple params, String... knownKeys) {
        return audit.preparedQuery(sql).execute(params).map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            Arrays.stream(knownKeys).forEach(key -> counts.put(key, 0L));
            rows.forEach(row -> counts.put(row.getString("key"), row.getLong("n")));
            return counts;
        });
    }
}
