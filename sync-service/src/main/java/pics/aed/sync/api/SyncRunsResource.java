package pics.aed.sync.api;

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
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
import pics.aed.sync.domain.Guard;
import pics.aed.sync.domain.SyncRun;
import pics.aed.sync.domain.SyncRunner;
import pics.aed.sync.source.CsvFormat;
import pics.aed.sync.store.SyncRunStore;

/** The HTTP contract "Sync runs": start a feed run, read runs and their rejects. Runs are national: any admin may read them. */
@Path("/api/sync/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync runs")
public class SyncRunsResource {

    static final String BASE = "/api/sync/runs";

    private final CurrentCaller callers;
    private final Idempotency idempotency;
    private final Pool pool;
    private final SyncRunner runner;
    private final SyncRunStore runs;

    public SyncRunsResource(
            CurrentCaller callers, Idempotency idempotency, Pool pool, SyncRunner runner, SyncRunStore runs) {
        this.callers = callers;
        this.idempotency = idempotency;
        this.pool = pool;
        this.runner = runner;
        this.runs = runs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.MASTER_NAME, Role.SERVICE_NAME})
    @Operation(summary = "Start a full or incremental run of the e-gen feed; 409 sync-in-progress while one runs")
    public Uni<Response> start(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull Requests.StartRun body) {
        Caller caller = callers.get();
        Set<Guard> overridden = overriddenGuards(caller, body.overrideGuards());
        return idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", BASE, body),
                tx -> runner.startFeedRun(SyncRun.Mode.valueOf(body.mode().name()), SyncRun.Trigger.manual, overridden)
                        .map(SyncRunsResource::accepted));
    }

    /** Only a master lifts a guard, one run at a time, and only a guard that exists and may be lifted. */
    static Set<Guard> overriddenGuards(Caller caller, List<String> names) {
        if (names == null || names.isEmpty()) {
            return Set.of();
        }
        if (!caller.has(Role.MASTER)) {
            throw Problems.forbidden("Only a master may override a guard.");
        }
        Set<Guard> guards = EnumSet.noneOf(Guard.class);
        for (String name : names) {
            Guard guard = Guard.ofApiName(name == null ? "" : name.strip())
                    .filter(Guard::overridable)
                    .orElseThrow(() -> Problems.validation(
                            "overrideGuards",
                            "'" + name + "' is not a guard that can be overridden; one of "
                                    + Arrays.stream(Guard.values())
                                            .filter(Guard::overridable)
                                            .map(Guard::apiName)
                                            .toList()));
            guards.add(guard);
        }
        return guards;
    }

    static Response accepted(SyncRun run) {
        return Response.accepted(SyncRunJson.of(run))
                .location(URI.create(BASE + "/" + run.id()))
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.MASTER_NAME, Role.SERVICE_NAME, Role.LOCAL_ADMIN_NAME, Role.REGIONAL_ADMIN_NAME})
    @Operation(summary = "One run")
    public Uni<SyncRunJson> get(@PathParam("id") String id) {
        callers.get();
        return runs.find(pool, uuid(id))
                .map(found ->
                        SyncRunJson.of(found.orElseThrow(() -> Problems.notFound("Sync run " + id + " not found."))));
    }

    @GET
    @RolesAllowed({Role.MASTER_NAME, Role.SERVICE_NAME, Role.LOCAL_ADMIN_NAME, Role.REGIONAL_ADMIN_NAME})
    @Operation(summary = "The newest runs first (limit 1–100, default 20)")
    public Uni<Page<SyncRunJson>> list(@QueryParam("limit") String limit) {
        callers.get();
        int n = 20;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw Problems.validation("limit", "must be a whole number");
            }
            if (n < 1 || n > 100) {
                throw Problems.validation("limit", "must be between 1 and 100");
            }
        }
        int size = n;
        return runs.count(pool)
                .flatMap(total -> runs.newest(pool, size)
                        .map(found ->
                                new Page<>(found.stream().map(SyncRunJson::of).toList(), 0, size, total)));
    }

    @GET
    @Path("/{id}/rejects")
    @RolesAllowed({Role.MASTER_NAME, Role.SERVICE_NAME, Role.LOCAL_ADMIN_NAME, Role.REGIONAL_ADMIN_NAME})
    @Operation(summary = "The records a run rejected, in source order, with stage, reason and raw text")
    public Uni<Page<SyncRunJson.RejectJson>> rejects(
            @PathParam("id") String id, @QueryParam("page") String page, @QueryParam("size") String size) {
        callers.get();
        UUID runId = uuid(id);
        PageRequest paging = PageRequest.of(page, size);
        return runs.find(pool, runId)
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        throw Problems.notFound("Sync run " + id + " not found.");
                    }
                    return runs.rejects(pool, runId, paging);
                })
                .map(found -> found.map(SyncRunJson.RejectJson::of));
    }

    /**
     * The same page of rejects as CSV, for the people who fix them in a spreadsheet: every cell that a spreadsheet
     * would run as a formula is neutralised (CsvFormat).
     */
    @GET
    @Path("/{id}/rejects")
    @Produces("text/csv")
    @RolesAllowed({Role.MASTER_NAME, Role.SERVICE_NAME, Role.LOCAL_ADMIN_NAME, Role.REGIONAL_ADMIN_NAME})
    @Operation(summary = "The records a run rejected, as CSV (formula cells neutralised)")
    public Uni<Response> rejectsCsv(
            @PathParam("id") String id, @QueryParam("page") String page, @QueryParam("size") String size) {
        return rejects(id, page, size)
                .map(found -> Response.ok(rejectsCsv(found.items()))
                        .type("text/csv; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"sync-run-" + id + "-rejects.csv\"")
                        .build());
    }

    static String rejectsCsv(List<SyncRunJson.RejectJson> rejects) {
        List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(List.of("position", "equipmentSerial", "stage", "reason", "raw"));
        for (SyncRunJson.RejectJson r : rejects) {
            rows.add(
                    Arrays.asList(Integer.toString(r.position()), r.equipmentSerial(), r.stage(), r.reason(), r.raw()));
        }
        return CsvFormat.document(rows);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("Sync run " + id + " not found.");
        }
    }
}
