package pics.aed.platform.testapp;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import pics.aed.platform.idempotency.Idempotency;
import pics.aed.platform.idempotency.IdempotentRequest;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.outbox.OutboxEvent;
import pics.aed.platform.problem.ConstraintProblems;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.ScopeGuard;

/** A resource that exercises every shared mechanism the way a service does. Test-only. */
@Path("/test/widgets")
@RolesAllowed({"inspector", "local-admin", "master"})
public class WidgetsResource {

    public static final String TOPIC = "test.widgets.v1";

    public enum Colour {
        red,
        green
    }

    public record CreateWidget(
            @NotBlank @Size(max = 50) String name,
            Colour colour,
            LocalDate madeOn,
            @Min(0) @Max(20) Integer size) {}

    public record Widget(String id, String name, String createdBy) {}

    private final Idempotency idempotency;
    private final Outbox outbox;
    private final CurrentCaller caller;

    public WidgetsResource(Idempotency idempotency, Outbox outbox, CurrentCaller caller) {
        this.idempotency = idempotency;
        this.outbox = outbox;
        this.caller = caller;
    }

    @POST
    public Uni<Response> create(
            @HeaderParam(Idempotency.HEADER) String key,
            @QueryParam("slowMillis") int slowMillis,
            @QueryParam("failAfterInsert") boolean failAfterInsert,
            @Valid @NotNull CreateWidget body) {
        String callerId = caller.get().id();
        IdempotentRequest request = new IdempotentRequest(callerId, key, "POST", "/test/widgets", body);
        return idempotency.execute(request, tx -> {
            Widget widget = new Widget(UUID.randomUUID().toString(), body.name(), callerId);
            return tx.preparedQuery("INSERT INTO widgets (id, name, created_by) VALUES ($1::uuid, $2, $3)")
                    .execute(Tuple.of(widget.id(), widget.name(), callerId))
                    .call(() -> outbox.append(
                            tx, OutboxEvent.aboutDevice(TOPIC, "pics.aed.test.widget-created", widget.name(), widget)))
                    .call(() -> slowMillis > 0
                            ? tx.preparedQuery("SELECT pg_sleep($1)").execute(Tuple.of(slowMillis / 1000.0))
                            : Uni.createFrom().voidItem())
                    .invoke(() -> {
                        if (failAfterInsert) {
                            throw new IllegalStateException("forced failure after the insert");
                        }
                    })
                    .map(done -> Response.created(URI.create("/test/widgets/" + widget.id()))
                            .entity(widget)
                            .build());
        });
    }

    @GET
    @Path("/regions/{sido}/{gugun}")
    @RolesAllowed({"inspector", "local-admin", "regional-admin", "master", "service"})
    public Map<String, Object> read(@PathParam("sido") String sido, @PathParam("gugun") String gugun) {
        ScopeGuard.requireVisible(caller.get(), new Region(sido, gugun), false, "Widget");
        return Map.of("sido", sido, "gugun", gugun);
    }

    @POST
    @Path("/regions/{sido}/{gugun}")
    @RolesAllowed({"inspector", "local-admin", "regional-admin", "master", "service"})
    public Map<String, Object> change(@PathParam("sido") String sido, @PathParam("gugun") String gugun) {
        ScopeGuard.requireChangeable(caller.get(), new Region(sido, gugun), false, "Widget");
        return Map.of("changed", true);
    }

    @GET
    @Path("/boom")
    @RolesAllowed("master")
    public String boom() {
        throw new IllegalStateException("SELECT secret FROM widgets WHERE password = 'hunter2'");
    }

    /** Maps the test schema's named constraint the way a service maps its own. */
    @jakarta.inject.Singleton
    public static class WidgetConstraints implements ConstraintProblems {
        @Override
        public Optional<ProblemException> forConstraint(String constraintName) {
            return "widgets_name_key".equals(constraintName)
                    ? Optional.of(
                            Problems.conflict("widget-exists", "Widget exists", "A widget with this name exists."))
                    : Optional.empty();
        }
    }
}
