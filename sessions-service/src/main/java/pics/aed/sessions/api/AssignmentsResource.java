package pics.aed.sessions.api;

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
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.QueryParams;
import pics.aed.sessions.domain.AssignmentStatus;
import pics.aed.sessions.store.AssignmentStore;

/** The HTTP contract "Assignments": inspectors see their own, admins their area. */
@Path("/api/inspections/assignments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "assignments")
public class AssignmentsResource {

    private final CurrentCaller callers;
    private final Pool pool;
    private final AssignmentStore assignments;

    public AssignmentsResource(CurrentCaller callers, Pool pool, AssignmentStore assignments) {
        this.callers = callers;
        this.pool = pool;
        this.assignments = assignments;
    }

    @GET
    @RolesAllowed(Role.EVERY_ROLE)
    @Operation(summary = "Assignments the caller may see, newest first")
    public Uni<Page<AssignmentJson>> list(
            @QueryParam("status") String status, @QueryParam("page") String page, @QueryParam("size") String size) {
        Caller caller = callers.get();
        PageRequest paging = PageRequest.of(page, size);
        AssignmentStore.Filter filter =
                new AssignmentStore.Filter(QueryParams.enumValue("status", status, AssignmentStatus.class), caller);
        return assignments.list(pool, filter, paging).map(found -> found.map(AssignmentJson::of));
    }
}
