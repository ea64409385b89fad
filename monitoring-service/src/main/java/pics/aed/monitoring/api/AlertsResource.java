package pics.aed.monitoring.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.monitoring.domain.Alert.AlertStatus;
import pics.aed.monitoring.store.AlertStore;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.QueryParams;

/** The HTTP contract "Alerts": master and service see all; admins national alerts and their own region's. */
@Path("/api/monitoring/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
public class AlertsResource {

    private final CurrentCaller callers;
    private final Pool pool;
    private final AlertStore alerts;

    public AlertsResource(CurrentCaller callers, Pool pool, AlertStore alerts) {
        this.callers = callers;
        this.pool = pool;
        this.alerts = alerts;
    }

    @GET
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.REGIONAL_ADMIN_NAME, Role.MASTER_NAME, Role.SERVICE_NAME})
    @Operation(summary = "Alerts, newest first, optionally only firing or resolved ones")
    public Uni<Page<AlertJson>> list(
            @QueryParam("status") String status, @QueryParam("page") String page, @QueryParam("size") String size) {
        AlertStatus wanted = QueryParams.enumValue("status", status, AlertStatus.class);
        PageRequest paging = PageRequest.of(page, size);
        return alerts.visibleTo(pool, RegionScope.of(callers.get()), wanted == null ? null : wanted.name(), paging)
                .map(found -> new Page<>(
                        found.items().stream().map(AlertJson::of).toList(), found.page(), found.size(), found.total()));
    }
}
