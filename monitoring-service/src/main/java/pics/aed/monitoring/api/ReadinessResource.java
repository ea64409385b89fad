package pics.aed.monitoring.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.monitoring.api.ReadinessJson.DeviceJson;
import pics.aed.monitoring.api.ReadinessJson.Figures;
import pics.aed.monitoring.api.ReadinessJson.RegionJson;
import pics.aed.monitoring.domain.ReadinessCriteria;
import pics.aed.monitoring.domain.ReadinessProblem;
import pics.aed.monitoring.store.ReadinessStore;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;

/** The HTTP contract "Device readiness": expired and expiring batteries and pads, and devices left uninspected. */
@Path("/api/monitoring/readiness")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "readiness")
@RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.REGIONAL_ADMIN_NAME, Role.MASTER_NAME, Role.SERVICE_NAME})
public class ReadinessResource {

    private final CurrentCaller callers;
    private final Pool pool;
    private final ReadinessStore readiness;

    public ReadinessResource(CurrentCaller callers, Pool pool, ReadinessStore readiness) {
        this.callers = callers;
        this.pool = pool;
        this.readiness = readiness;
    }

    @GET
    @Operation(summary = "Readiness figures per gugun (or per sido with groupBy=sido) within the caller's scope")
    public Uni<Figures> figures(
            @QueryParam("sido") String sido,
            @QueryParam("gugun") String gugun,
            @QueryParam("withinDays") String withinDays,
            @QueryParam("groupBy") String groupBy) {
        boolean bySido = bySido(groupBy);
        Region area = RegionScope.of(callers.get(), sido, gugun);
        ReadinessCriteria criteria = criteria(withinDays);
        return readiness
                .figures(pool, area, criteria, bySido)
                .map(regions -> new Figures(
                        criteria.today(),
                        criteria.withinDays(),
                        bySido ? "sido" : "gugun",
                        regions.stream().map(RegionJson::of).toList()));
    }

    @GET
    @Path("/devices")
    @Operation(summary = "Active devices with one readiness problem, with the dates that put them there")
    public Uni<Page<DeviceJson>> devices(
            @QueryParam("problem") String problem,
            @QueryParam("sido") String sido,
            @QueryParam("gugun") String gugun,
            @QueryParam("withinDays") String withinDays,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        ReadinessProblem wanted = problem(problem);
        PageRequest paging = PageRequest.of(page, size);
        Region area = RegionScope.of(callers.get(), sido, gugun);
        return readiness
                .devicesWith(pool, wanted, area, criteria(withinDays), paging)
                .map(found -> new Page<>(
                        found.items().stream().map(DeviceJson::of).toList(),
                        found.page(),
                        found.size(),
                        found.total()));
    }

    private static ReadinessProblem problem(String value) {
        String allowed = Arrays.stream(ReadinessProblem.values())
                .map(ReadinessProblem::wireName)
                .collect(Collectors.joining(", "));
        if (value == null || value.isBlank()) {
            throw Problems.validation("problem", "is required; one of " + allowed);
        }
        return ReadinessProblem.fromWireName(value.trim())
                .orElseThrow(
                        () -> Problems.validation("problem", "unknown value '" + value + "'; allowed: " + allowed));
    }

    private static boolean bySido(String groupBy) {
        if (groupBy == null || groupBy.isBlank() || groupBy.trim().equals("gugun")) {
            return false;
        }
        if (groupBy.trim().equals("sido")) {
            return true;
        }
        throw Problems.validation("groupBy", "unknown value '" + groupBy + "'; allowed: gugun, sido");
    }

    private static ReadinessCriteria criteria(String withinDays) {
        int days = ReadinessCriteria.DEFAULT_WITHIN_DAYS;
        if (withinDays != null && !withinDays.isBlank()) {
            try {
                days = Integer.parseInt(withinDays.trim());
            } catch (NumberFormatException e) {
                throw Problems.validation("withinDays", "must be a whole number");
            }
        }
        if (days < 0 || days > ReadinessCriteria.MAX_WITHIN_DAYS) {
            throw Problems.validation("withinDays", "must be between 0 and " + ReadinessCriteria.MAX_WITHIN_DAYS);
        }
        return ReadinessCriteria.at(ZonedDateTime.now(), days);
    }
}
