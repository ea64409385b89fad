package pics.aed.monitoring.domain;

import java.util.List;

/** What the integrity audits found in the other services' schemas. */
public final class AuditFindings {

    private AuditFindings() {}

    /** A device with more than one open (active or paused) session: invariant 1 broken. */
    public record DuplicateSessions(String equipmentSerial, List<String> sessionIds, List<String> inspectorIds) {}

    /** A device with non-cancelled schedules less than 30 minutes apart: invariant 2 broken. */
    public record DuplicateSchedules(String equipmentSerial, List<String> scheduleIds, List<String> assigneeIds) {}
}
