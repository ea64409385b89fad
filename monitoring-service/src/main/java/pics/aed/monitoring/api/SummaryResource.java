package pics.aed.monitoring.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.monitoring.domain.Observations.SyncHealth;
import pics.aed.monitoring.domain.ReadinessCriteria;
import pics.aed.monitoring.store.AlertStore;
import pics.aed.monitoring.store.AuditStore;
import pics.aed.monitoring.store.AuditStore.SyncRunRow;
import pics.aed.monitoring.store.ReadinessStore;
import pics.aed.monitoring.store.SummaryStore;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.PageRequest;

/** {@code GET /api/monitoring/summary}: the platform at a glance, within the caller's scope. */
@Path("/api/monitoring/summary")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audits")
public class SummaryResource {

    private static final int LATEST_RUNS = 5;

    private final CurrentCaller callers;
    private final Pool pool;
    private final SummaryStore summaries;
    private final AuditStore audits;
    private final AlertStore alerts;
    private final ReadinessStore readiness;

    public SummaryResource(
            CurrentCaller callers,
            Pool pool,
            SummaryStore summaries,
            AuditStore audits,
            AlertStore alerts,
            ReadinessStore readiness) {
        this.callers = callers;
        this.pool = pool;
        this.summaries = summaries;
        this.audits = audits;
        this.alerts = alerts;
        this.readiness = readiness;
    }

    /** Scope, month, counts; sync health and runs are national (the registry is one). */
    public record Summary(
            Scope scope,
            YearMonth month,
            Map<String, Long> devicesByDataStatus,
            Map<String, Long> openSessions,
            Map<String, Long> inspectionsByApprovalStatus,
            Map<String, Long> schedulesByStatus,
            long firingAlerts,
            SyncHealthJson syncHealth,
            List<SyncRunRow> latestSyncRuns,
            Compliance compliance) {}

    public record Scope(String sido, String gugun) {}

    public record SyncHealthJson(
            OffsetDateTime lastSucceededAt,
            OffsetDateTime lastFailedAt,
            long consecutiveFailures,
            SyncRunRow lastRun) {}

    /** Active devices in scope and how many had an inspection this month (the legal monthly inspection). */
    public record Compliance(YearMonth month, long activeDevices, long inspected, double rate) {}

    @GET
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.REGIONAL_ADMIN_NAME, Role.MASTER_NAME, Role.SERVICE_NAME})
    @Operation(summary = "Devices, sessions, inspections, schedules, alerts and sync health within the caller's scope")
    public Uni<Summary> summary(@QueryParam("sido") String sido, @QueryParam("gugun") String gugun) {
        Region area = RegionScope.of(callers.get(), sido, gugun);
        LocalDate today = LocalDate.now(ReadinessCriteria.KOREA);
        YearMonth month = YearMonth.from(today);
        OffsetDateTime from =
                month.atDay(1).atStartOfDay(ReadinessCriteria.KOREA).toOffsetDateTime();
        OffsetDateTime until = month.plusMonths(1)
                .atDay(1)
                .atStartOfDay(ReadinessCriteria.KOREA)
                .toOffsetDateTime();
        Uni<Long> firing =
                alerts.visibleTo(pool, area, "firing", PageRequest.of("0", "1")).map(page -> page.total());
        return Uni.combine()
                .all()
                .unis(
                        summaries.devicesByDataStatus(area),
                        summaries.openSessions(area),
                        summaries.inspectionsByApproval(area, from, until),
                        summaries.schedulesByStatus(area, from, until),
                        firing,
                        audits.syncHealth(),
                        audits.latestRuns(LATEST_RUNS),
                        readiness.compliance(pool, area, month.atDay(1)))
                .with(parts -> new Summary(
                        new Scope(area.sido(), area.gugun()),
                        month,
                        cast(parts.get(0)),
                        cast(parts.get(1)),
                        cast(parts.get(2)),
                        cast(parts.get(3)),
                        (Long) parts.get(4),
                        health(cast(parts.get(5)), cast(parts.get(6))),
                        cast(parts.get(6)),
                        compliance(month, cast(parts.get(7)))));
    }

    private static SyncHealthJson health(SyncHealth health, List<SyncRunRow> latest) {
        return new SyncHealthJson(
                health.lastSucceededAt(),
                health.lastFailedAt(),
                health.consecutiveFailures(),
                latest.isEmpty() ? null : latest.get(0));
    }

    private static Compliance compliance(YearMonth month, ReadinessStore.Compliance figures) {
        double rate = figures.activeDevices() == 0
                ? 0
                : Math.round(1000.0 * figures.inspectedThisMonth() / figures.activeDevices()) / 1000.0;
        return new Compliance(month, figures.activeDevices(), figures.inspectedThisMonth(), rate);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object part) {
        return (T) part;
    }
}
