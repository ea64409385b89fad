package pics.aed.monitoring.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.monitoring.api.AuditJson.CheckJson;
import pics.aed.monitoring.api.AuditJson.Consistency;
import pics.aed.monitoring.api.AuditJson.DuplicateSessionsJson;
import pics.aed.monitoring.api.AuditJson.Found;
import pics.aed.monitoring.api.AuditJson.Overlaps;
import pics.aed.monitoring.domain.Auditor;
import pics.aed.platform.security.Role;

/** The HTTP contract "Audits": what the other services' schemas hold that breaks an invariant. Master and service. */
@Path("/api/monitoring")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audits")
@RolesAllowed({Role.MASTER_NAME, Role.SERVICE_NAME})
public class AuditsResource {

    private final Auditor auditor;

    public AuditsResource(Auditor auditor) {
        this.auditor = auditor;
    }

    @GET
    @Path("/duplicate-sessions")
    @Operation(summary = "Devices with more than one open session")
    public Uni<Found<DuplicateSessionsJson>> duplicateSessions() {
        return auditor.duplicateSessions()
                .map(found ->
                        Found.of(found.stream().map(DuplicateSessionsJson::of).toList()));
    }

    @GET
    @Path("/duplicate-schedules")
    @Operation(summary = "Devices with non-cancelled schedules less than 30 minutes apart")
    public Uni<Overlaps> duplicateSchedules() {
        return auditor.duplicateSchedules().map(Overlaps::of);
    }

    @GET
    @Path("/consistency")
    @Operation(summary = "Cross-service consistency checks, each with a count and examples")
    public Uni<Consistency> consistency() {
        return auditor.consistency()
                .map(checks ->
                        new Consistency(checks.stream().map(CheckJson::of).toList()));
    }
}
