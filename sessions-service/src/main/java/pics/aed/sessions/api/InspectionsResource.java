package pics.aed.sessions.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.platform.idempotency.Idempotency;
import pics.aed.platform.idempotency.IdempotentRequest;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.QueryParams;
import pics.aed.sessions.domain.ApprovalStatus;
import pics.aed.sessions.domain.Inspection;
import pics.aed.sessions.domain.InspectionReviewer;
import pics.aed.sessions.domain.SessionAccess;
import pics.aed.sessions.store.InspectionStore;

/** The HTTP contract "Inspections and their review". */
@Path("/api/inspections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "inspections")
public class InspectionsResource {

    private final CurrentCaller callers;
    private final Idempotency idempotency;
    private final Pool pool;
    private final InspectionStore inspections;
    private final InspectionReviewer reviewer;

    public InspectionsResource(
            CurrentCaller callers,
            Idempotency idempotency,
            Pool pool,
            InspectionStore inspections,
            InspectionReviewer reviewer) {
        this.callers = callers;
        this.idempotency = idempotency;
        this.pool = pool;
        this.inspections = inspections;
        this.reviewer = reviewer;
    }

    @GET
    @RolesAllowed(Role.EVERY_ROLE)
    @Operation(summary = "Inspections the caller may see, newest first")
    public Uni<Page<InspectionJson>> list(
            @QueryParam("equipmentSerial") String equipmentSerial,
            @QueryParam("inspectorId") String inspectorId,
            @QueryParam("approvalStatus") String approvalStatus,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Caller caller = callers.get();
        PageRequest paging = PageRequest.of(page, size);
        InspectionStore.Filter filter = new InspectionStore.Filter(
                QueryParams.text("equipmentSerial", equipmentSerial, 50),
                QueryParams.text("inspectorId", inspectorId, 200),
                QueryParams.enumValue("approvalStatus", approvalStatus, ApprovalStatus.class),
                QueryParams.time("from", from),
                QueryParams.time("to", to),
                caller);
        return inspections.list(pool, filter, paging).map(found -> found.map(InspectionJson::of));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.EVERY_ROLE)
    @Operation(summary = "One inspection")
    public Uni<InspectionJson> get(@PathParam("id") UUID id) {
        Caller caller = callers.get();
        return inspections.find(pool, id).map(found -> {
            Inspection inspection =
                    found.filter(i -> maySee(caller, i)).orElseThrow(() -> Problems.notFound("Inspection not found."));
            return InspectionJson.of(inspection);
        });
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Approve a submitted inspection")
    public Uni<Response> approve(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key) {
        Caller caller = callers.get();
        return idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", "/api/inspections/" + id + "/approve", null),
                tx -> reviewer.decide(tx, caller, id, ApprovalStatus.approved, null)
                        .map(reviewed ->
                                Response.ok(InspectionJson.of(reviewed)).build()));
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/{id}/reject")
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Reject a submitted inspection, with a reason")
    public Uni<Response> reject(
            @PathParam("id") UUID id,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull Requests.RejectInspection body) {
        Caller caller = callers.get();
        return idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", "/api/inspections/" + id + "/reject", body),
                tx -> reviewer.decide(tx, caller, id, ApprovalStatus.rejected, body.reason())
                        .map(reviewed ->
                                Response.ok(InspectionJson.of(reviewed)).build()));
    }

    private static boolean maySee(Caller caller, Inspection inspection) {
        if (inspection.inspectorId().equals(caller.id())) {
            return true;
        }
        return !SessionAccess.seesOnlyOwnWork(caller) && caller.maySee(inspection.region());
    }
}
