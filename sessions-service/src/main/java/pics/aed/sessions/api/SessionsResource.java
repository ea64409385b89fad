package pics.aed.sessions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.platform.api.ETags;
import pics.aed.platform.idempotency.Idempotency;
import pics.aed.platform.idempotency.IdempotentRequest;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.ProblemMappers;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.QueryParams;
import pics.aed.sessions.config.SessionMetrics;
import pics.aed.sessions.domain.Session;
import pics.aed.sessions.domain.SessionAccess;
import pics.aed.sessions.domain.SessionCanceller;
import pics.aed.sessions.domain.SessionCompleter;
import pics.aed.sessions.domain.SessionProgress;
import pics.aed.sessions.domain.SessionStarter;
import pics.aed.sessions.domain.SessionStatus;
import pics.aed.sessions.store.SessionStore;

/** The HTTP contract "sessions-service": the inspector's session, from start to complete or cancel. */
@Path("/api/inspections/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sessions")
public class SessionsResource {

    private static final String BASE = "/api/inspections/sessions";

    private final CurrentCaller callers;
    private final Idempotency idempotency;
    private final Pool pool;
    private final SessionStarter starter;
    private final SessionProgress progress;
    private final SessionCompleter completer;
    private final SessionCanceller canceller;
    private final SessionAccess access;
    private final SessionStore sessions;
    private final ObjectMapper json;
    private final SessionMetrics metrics;

    public SessionsResource(
            CurrentCaller callers,
            Idempotency idempotency,
            Pool pool,
            SessionStarter starter,
            SessionProgress progress,
            SessionCompleter completer,
            SessionCanceller canceller,
            SessionAccess access,
            SessionStore sessions,
            ObjectMapper json,
            SessionMetrics metrics) {
        this.callers = callers;
        this.idempotency = idempotency;
        this.pool = pool;
        this.starter = starter;
        this.progress = progress;
        this.completer = completer;
        this.canceller = canceller;
        this.access = access;
        this.sessions = sessions;
        this.json = json;
        this.metrics = metrics;
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @RolesAllowed({Role.INSPECTOR_NAME, Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Start a session on a device, or resume the caller's own open one")
    public Uni<Response> start(
            @HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull Requests.StartSession body) {
        Caller caller = callers.get();
        return counted(idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", BASE, body),
                tx -> starter.openSessionFor(tx, caller, body.equipmentSerial()).map(SessionsResource::started)));
    }

    /** 200 with the caller's own session resumed, or 201 with a new one. */
    private static Response started(SessionStarter.Outcome outcome) {
        Session session = outcome.session();
        Response.ResponseBuilder response = outcome.resumed()
                ? Response.ok(SessionJson.of(session, true))
                : Response.created(URI.create(BASE + "/" + session.id())).entity(SessionJson.of(session, false));
        return withTag(response, session).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Role.EVERY_ROLE)
    @Operation(summary = "One session")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return access.read(pool, callers.get(), id)
                .map(session ->
                        withTag(Response.ok(SessionJson.of(session)), session).build());
    }

    @GET
    @RolesAllowed(Role.EVERY_ROLE)
    @Operation(summary = "Sessions the caller may see, newest first")
    public Uni<Page<SessionJson>> list(
            @QueryParam("equipmentSerial") String equipmentSerial,
            @QueryParam("inspectorId") String inspectorId,
            @QueryParam("status") String status,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Caller caller = callers.get();
        PageRequest paging = PageRequest.of(page, size);
        SessionStore.Filter filter = new SessionStore.Filter(
                QueryParams.text("equipmentSerial", equipmentSerial, 50),
                QueryParams.text("inspectorId", inspectorId, 200),
                statuses(status),
                caller);
        return sessions.list(pool, filter, paging).map(found -> found.map(SessionJson::of));
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @PATCH
    @Path("/{id}")
    @RolesAllowed({Role.INSPECTOR_NAME, Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Save progress, pause or resume (the session's inspector only)")
    public Uni<Response> patch(
            @PathParam("id") UUID id,
            @HeaderParam(Idempotency.HEADER) String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull Requests.PatchSession body) {
        Caller caller = callers.get();
        Long expectedVersion = ETags.versionOf(ifMatch, "session");
        JsonObject stepData = body.stepData() == null ? null : new JsonObject(body.stepData());
        SessionStatus status = body.status() == null
                ? null
                : SessionStatus.valueOf(body.status().name());
        return counted(idempotency.execute(
                new IdempotentRequest(caller.id(), key, "PATCH", BASE + "/" + id, body).ifMatch(ifMatch),
                tx -> progress.save(tx, caller, id, expectedVersion, body.currentStep(), stepData, status)
                        .map(saved -> withTag(Response.ok(SessionJson.of(saved)), saved)
                                .build())));
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/{id}/complete")
    @RolesAllowed({Role.INSPECTOR_NAME, Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Complete the session and record its inspection, in one transaction")
    public Uni<Response> complete(
            @PathParam("id") UUID id,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull Requests.CompleteSession body) {
        Caller caller = callers.get();
        return counted(idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", BASE + "/" + id + "/complete", body),
                tx -> completer
                        .complete(tx, caller, id, body.result())
                        .map(done -> Response.ok(new Completed(
                                        SessionJson.of(done.session()), InspectionJson.of(done.inspection())))
                                .build())));
    }

    public record Completed(SessionJson session, InspectionJson inspection) {}

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({Role.INSPECTOR_NAME, Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Cancel the session and put its assignment back to pending; body {\"reason\"} optional")
    public Uni<Response> cancel(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key, String body) {
        Caller caller = callers.get();
        Requests.CancelSession request = cancelRequestOf(body);
        return counted(idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", BASE + "/" + id + "/cancel", request),
                tx -> canceller
                        .cancel(tx, caller, id, request.reason())
                        .map(cancelled -> Response.ok(SessionJson.of(cancelled)).build())));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Role.INSPECTOR_NAME, Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Same as POST …/cancel")
    public Uni<Response> delete(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key, String body) {
        return cancel(id, key, body);
    }

    /** The body is optional, so it arrives raw: a client cancelling without one sends no Content-Type either. */
    private Requests.CancelSession cancelRequestOf(String body) {
        if (body == null || body.isBlank()) {
            return new Requests.CancelSession(null);
        }
        Requests.CancelSession request;
        try {
            request = json.readValue(body, Requests.CancelSession.class);
        } catch (JsonMappingException e) {
            // a readable body with a bad member (a number for the reason, a NUL character): name the member
            throw Problems.validation(List.of(ProblemMappers.describe(e)));
        } catch (JsonProcessingException e) {
            throw Problems.validation("body", "must be a JSON object like {\"reason\": \"…\"}");
        }
        if (request.reason() != null && request.reason().length() > 500) {
            throw Problems.validation("reason", "size must be between 0 and 500");
        }
        return request;
    }

    /** Counts the changes that failed for an unexpected reason (a problem answer is an outcome, not a failure). */
    private Uni<Response> counted(Uni<Response> change) {
        return change.onFailure(failure -> !(failure instanceof ProblemException))
                .invoke(metrics::transactionFailed);
    }

    private static List<SessionStatus> statuses(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        if (status.equals("open")) {
            return List.copyOf(SessionStatus.OPEN);
        }
        SessionStatus one = QueryParams.enumValue("status", status, SessionStatus.class);
        return List.of(one);
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder response, Session session) {
        return response.tag(ETags.of(session.version()));
    }
}
