package pics.aed.schedules.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.QueryParams;
import pics.aed.schedules.config.SchedulesConfig;
import pics.aed.schedules.domain.PlanCalendar;
import pics.aed.schedules.store.ComplianceStore;

/** The HTTP contract "Compliance": per region, what became of the month's inspections. Not for inspectors. */
@Path("/api/schedules/compliance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "compliance")
public class ComplianceResource {

    private final CurrentCaller callers;
    private final Pool pool;
    private final ComplianceStore compliance;
    private final PlanCalendar calendar;

    public ComplianceResource(CurrentCaller callers, Pool pool, ComplianceStore compliance, SchedulesConfig config) {
        this.callers = callers;
        this.pool = pool;
        this.compliance = compliance;
        this.calendar = config.calendar();
    }

    public record ComplianceJson(String month, List<RegionJson> items) {}

    /** {@code completionRate}: completed ÷ activeDevices, 0 for a region without active devices. */
    public record RegionJson(
            String sido,
            String gugun,
            long activeDevices,
            long planned,
            long inProgress,
            long completed,
            long missed,
            long unplanned,
            BigDecimal completionRate) {

        static RegionJson of(ComplianceStore.Figures figures) {
            BigDecimal rate = figures.activeDevices() == 0
                    ? BigDecimal.ZERO
                    : BigDecimal.valueOf(figures.completed())
                            .divide(BigDecimal.valueOf(figures.activeDevices()), 4, RoundingMode.HALF_UP);
            return new RegionJson(
                    figures.sido(),
                    figures.gugun(),
                    figures.activeDevices(),
                    figures.planned(),
                    figures.inProgress(),
                    figures.completed(),
                    figures.missed(),
                    figures.unplanned(),
                    rate);
        }
    }

    @GET
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.REGIONAL_ADMIN_NAME, Role.MASTER_NAME, Role.SERVICE_NAME})
    @Operation(summary = "The month's compliance per gugun (or per sido with groupBy=sido), within the caller's area")
    public Uni<ComplianceJson> compliance(
            @QueryParam("month") String monthText,
            @QueryParam("sido") String sido,
            @QueryParam("gugun") String gugun,
            @QueryParam("groupBy") String groupBy) {
        Caller caller = callers.get();
        YearMonth month = PlanCalendar.parseMonth(monthText);
        boolean bySido = groupedBySido(groupBy);
        String requestedSido = QueryParams.text("sido", sido, 50);
        String requestedGugun = QueryParams.text("gugun", gugun, 50);
        Region area = caller.visibleArea();
        if (CallerArea.outside(area, requestedSido, requestedGugun)) {
            return Uni.createFrom().item(new ComplianceJson(month.toString(), List.of()));
        }
        return compliance
                .byRegion(
                        pool,
                        CallerArea.narrowed(area.sido(), requestedSido),
                        CallerArea.narrowed(area.gugun(), requestedGugun),
                        calendar.monthStart(month),
                        calendar.monthEnd(month),
                        bySido)
                .map(figures -> new ComplianceJson(
                        month.toString(), figures.stream().map(RegionJson::of).toList()));
    }

    private static boolean groupedBySido(String groupBy) {
        if (groupBy == null || groupBy.isBlank() || groupBy.equals("gugun")) {
            return false;
        }
        if (groupBy.equals("sido")) {
            return true;
        }
        throw Problems.validation("groupBy", "unknown value '" + groupBy + "'; allowed: gugun, sido");
    }
}
