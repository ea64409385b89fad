package pics.aed.monitoring.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.monitoring.api.AlertJson.EvaluationJson;
import pics.aed.monitoring.domain.AlertEvaluator;
import pics.aed.platform.security.Role;

/**
 * {@code POST /api/cron/monitor}: an external scheduler's machine token (role service) asks for an evaluation now. It
 * is safe to repeat (an Idempotency-Key is accepted and not needed): a condition fires once and resolves once however
 * many evaluations run, at once or in turn.
 */
@Path("/api/cron/monitor")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
public class CronResource {

    private final AlertEvaluator evaluator;

    public CronResource(AlertEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @POST
    @RolesAllowed(Role.SERVICE_NAME)
    @Operation(summary = "Evaluate every alert rule now and answer with what changed")
    public Uni<EvaluationJson> evaluate() {
        return evaluator.evaluate().map(EvaluationJson::of);
    }
}
