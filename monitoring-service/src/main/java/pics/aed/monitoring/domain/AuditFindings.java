package pics.aed.monitoring.domain;

import java.util.List;

/** What the integrity audits found in the other services' schemas. */
public final class AuditFindings {

    private AuditFindings() {}

    /** A device with more than one open (active or paused) session: invariant 1 broken. */
    public record DuplicateSessions(String equipmentSerial, List<String> sessionIds, List<String> inspectorIds) {}

    /** A device with non-cancelled schedules less than 30 minutes apart: invariant 2 broken. */
    public record DuplicateSchedules(String equipmentSerial, List<String> scheduleIds, List<String> assigneeIds) {}

    /**
     * What the duplicate-schedules audit answered, and how it knows (decision 0013): from the catalog while the
     * database enforces invariant 2 itself (there is then nothing to find), or from a scan of the schedules when it
     * does not.
     */
    public record ScheduleOverlaps(Basis basis, List<DuplicateSchedules> found) {

        /** Nothing can overlap: invariant 2's exclusion constraint and slot check are in force. */
        public static ScheduleOverlaps excludedByConstraint() {
            return new ScheduleOverlaps(Basis.CONSTRAINT, List.of());
        }

        public static ScheduleOverlaps scanned(List<DuplicateSchedules> found) {
            return new ScheduleOverlaps(Basis.SCAN, found);
        }
    }

    /** How an audit reached its answer ({@code basis} in the HTTP contract, a tag of the audit's metric). */
    public enum Basis {
        /** The database's own constraints rule out what the audit looks for. */
        CONSTRAINT("constraint"),
        /** The rows were read. */
        SCAN("scan");

        private final String wireName;

        Basis(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
