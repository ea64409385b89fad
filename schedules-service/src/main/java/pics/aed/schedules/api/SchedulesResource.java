package pics.aed.schedules.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.platform.api.ETags;
import pics.aed.platform.idempotency.Idempotency;
import pics.aed.platform.idempotency.IdempotentRequest;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.QueryParams;
import pics.aed.schedules.config.SchedulesMetrics;
import pics.aed.schedules.domain.Schedule;
import pics.aed.schedules.domain.ScheduleAccess;
import pics.aed.schedules.domain.ScheduleCreator;
import pics.aed.schedules.domain.ScheduleEditor;
import pics.aed.schedules.domain.ScheduleStatus;
import pics.aed.schedules.domain.WindowConflicts;
import pics.aed.schedules.store.ScheduleStore;

/** The HTTP contract "schedules-service": one schedule, from create to cancel (responses: META-INF/openapi.yaml). */
@Path("/api/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "schedules")
public class SchedulesResource {

    static final String BASE = "/api/schedules";

    private final CurrentCaller callers;
    private final Idempotency idempotency;
    private final Pool pool;
    private final ScheduleCreator creator;
    private final ScheduleEditor editor;
    private final ScheduleAccess access;
    private final ScheduleStore schedules;
    private final WindowConflicts conflicts;
    private final SchedulesMetrics metrics;

    public SchedulesResource(
            CurrentCaller callers,
            Idempotency idempotency,
            Pool pool,
            ScheduleCreator creator,
            ScheduleEditor editor,
            ScheduleAccess access,
            ScheduleStore schedules,
            WindowConflicts conflicts,
            SchedulesMetrics metrics) {
        this.callers = callers;
        this.idempotency = idempotency;
        this.pool = pool;
        this.creator = creator;
        this.editor = editor;
        this.access = access;
        this.schedules = schedules;
        this.conflicts = conflicts;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Plan one inspection; a time less than 30 minutes from another of the device is a 409")
    public Uni<Response> create(
            @HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull Requests.CreateSchedule body) {
        Caller caller = callers.get();
        ScheduleCreator.NewSchedule request = new ScheduleCreator.NewSchedule(
                body.equipmentSerial(),
                body.scheduledFor(),
                body.assigneeId(),
                body.dueAt(),
                body.priority(),
                body.notes());
        return counted(conflicts.explained(() -> idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", BASE, body),
                tx -> creator.create(tx, caller, request)
                        .map(created -> withTag(Response.created(URI.create(BASE + "/" + created.id())), created)
                                .entity(ScheduleJson.of(created))
                                .build()))));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.EVERY_ROLE)
    @Operation(summary = "One schedule")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return access.read(pool, callers.get(), id)
                .map(schedule -> withTag(Response.ok(ScheduleJson.of(schedule)), schedule)
                        .build());
    }

    @GET
    @RolesAllowed(Role.EVERY_ROLE)
    @Operation(summary = "Schedules the caller may see, earliest first")
    public Uni<Page<ScheduleJson>> list(
            @QueryParam("equipmentSerial") String equipmentSerial,
            @QueryParam("assigneeId") String assigneeId,
            @QueryParam("status") String status,
            @QueryParam("planId") String planId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("sido") String sido,
            @QueryParam("gugun") String gugun,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Caller caller = callers.get();
        PageRequest paging = PageRequest.of(page, size);
        ScheduleStore.Filter filter = new ScheduleStore.Filter(
                QueryParams.text("equipmentSerial", equipmentSerial, 50),
                QueryParams.text("assigneeId", assigneeId, 128),
                QueryParams.enumValue("status", status, ScheduleStatus.class),
                uuid("planId", planId),
                QueryParams.time("from", from),
                QueryParams.time("to", to),
                QueryParams.text("sido", sido, 50),
                QueryParams.text("gugun", gugun, 50));
        return schedules
                .list(pool, caller, ScheduleAccess.seesOnlyOwnWork(caller), filter, paging)
                .map(found -> found.map(ScheduleJson::of));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Reschedule or reassign while scheduled (If-Match optional)")
    public Uni<Response> patch(
            @PathParam("id") UUID id,
            @HeaderParam(Idempotency.HEADER) String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull Requests.PatchSchedule body) {
        Caller caller = callers.get();
        Long expectedVersion = ETags.versionOf(ifMatch, "schedule");
        ScheduleEditor.Changes changes = new ScheduleEditor.Changes(
                body.scheduledFor(), body.dueAt(), body.assigneeId(), body.priority(), body.notes());
        return counted(conflicts.explained(() -> idempotency.execute(
                new IdempotentRequest(caller.id(), key, "PATCH", BASE + "/" + id, body).ifMatch(ifMatch),
                tx -> editor.change(tx, caller, id, expectedVersion, changes)
                        .map(changed -> withTag(Response.ok(ScheduleJson.of(changed)), changed)
                                .build()))));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Cancel a scheduled or in-progress schedule; body {\"reason\"} required")
    public Uni<Response> cancel(
            @PathParam("id") UUID id,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull Requests.CancelSchedule body) {
        Caller caller = callers.get();
        return counted(idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", BASE + "/" + id + "/cancel", body),
                tx -> editor.cancel(tx, caller, id, body.reason())
                        .map(cancelled -> withTag(Response.ok(ScheduleJson.of(cancelled)), cancelled)
                                .build())));
    }

    /** Counts the changes that failed for an unexpected reason (a problem answer is an outcome, not a failure). */
    private Uni<Response> counted(Uni<Response> change) {
        return change.onFailure(failure -> !(failure instanceof ProblemException))
                .invoke(metrics::transactionFailed);
    }

    private static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw Problems.validation(name, "must be a UUID");
        }
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder response, Schedule schedule) {
        return response.tag(ETags.of(schedule.version()));
    }
}
