package pics.aed.schedules.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.YearMonth;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.platform.idempotency.Idempotency;
import pics.aed.platform.idempotency.IdempotentRequest;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;
import pics.aed.schedules.domain.MonthlyPlanner;
import pics.aed.schedules.domain.PlanCalendar;

/** The HTTP contract "Monthly plans": the legal monthly inspection of a gugun, a sido or the nation. */
@Path("/api/schedules/plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "plans")
public class PlansResource {

    private static final String PATH = "/api/schedules/plans";

    private final CurrentCaller callers;
    private final Idempotency idempotency;
    private final MonthlyPlanner planner;

    public PlansResource(CurrentCaller callers, Idempotency idempotency, MonthlyPlanner planner) {
        this.callers = callers;
        this.idempotency = idempotency;
        this.planner = planner;
    }

    /** The contract's answer; {@code overCapacity} counts devices beyond perDay × the working days left. */
    public record PlanJson(
            UUID planId,
            String month,
            String sido,
            String gugun,
            long created,
            long alreadyPlanned,
            long notActive,
            long overCapacity) {

        static PlanJson of(MonthlyPlanner.PlanOutcome outcome) {
            return new PlanJson(
                    outcome.planId(),
                    outcome.month().toString(),
                    outcome.sido(),
                    outcome.gugun(),
                    outcome.created(),
                    outcome.alreadyPlanned(),
                    outcome.notActive(),
                    outcome.overCapacity());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.LOCAL_ADMIN_NAME, Role.MASTER_NAME})
    @Operation(summary = "Plan the month: one schedule per active device of the area that has none in it")
    public Uni<Response> plan(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull Requests.CreatePlan body) {
        Caller caller = callers.get();
        YearMonth month = PlanCalendar.parseMonth(body.month());
        MonthlyPlanner.PlanRequest request = new MonthlyPlanner.PlanRequest(
                month,
                blankToNull(body.sido()),
                blankToNull(body.gugun()),
                body.assigneeId().trim(),
                body.perDay() == null ? MonthlyPlanner.DEFAULT_PER_DAY : body.perDay());
        return idempotency.execute(
                new IdempotentRequest(caller.id(), key, "POST", PATH, body),
                tx -> planner.plan(tx, caller, request).map(PlansResource::answer));
    }

    private static Response answer(MonthlyPlanner.PlanOutcome outcome) {
        return Response.status(outcome.created() > 0 ? Response.Status.CREATED : Response.Status.OK)
                .entity(PlanJson.of(outcome))
                .build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
