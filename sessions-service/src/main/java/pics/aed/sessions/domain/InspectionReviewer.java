package pics.aed.sessions.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.ScopeGuard;
import pics.aed.sessions.events.SessionEvents;
import pics.aed.sessions.store.InspectionStore;

/**
 * Approves or rejects a submitted inspection. The row lock serialises two reviewers: the second sees the first's
 * decision and gets 409 invalid-transition.
 */
@Singleton
public class InspectionReviewer {

    private final InspectionStore inspections;
    private final Outbox outbox;

    public InspectionReviewer(InspectionStore inspections, Outbox outbox) {
        this.inspections = inspections;
        this.outbox = outbox;
    }

    public Uni<Inspection> decide(
            SqlConnection tx, Caller caller, UUID inspectionId, ApprovalStatus decision, String reason) {
        return inspections.findForUpdate(tx, inspectionId).flatMap(found -> {
            Inspection inspection = found.orElseThrow(() -> Problems.notFound("Inspection not found."));
            ScopeGuard.requireChangeable(caller, inspection.region(), false, "Inspection");
            inspection.approvalStatus().requireTransitionTo(decision);
            return inspections
                    .review(tx, inspectionId, decision, caller.id(), reason)
                    .call(reviewed -> outbox.append(tx, SessionEvents.reviewed(reviewed)));
        });
    }
}
