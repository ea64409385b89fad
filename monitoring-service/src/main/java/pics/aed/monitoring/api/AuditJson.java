package pics.aed.monitoring.api;

import java.util.List;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSchedules;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSessions;
import pics.aed.monitoring.domain.Observations.ConsistencyCheck;

/** The JSON of the HTTP contract "Audits". */
public final class AuditJson {

    private AuditJson() {}

    /** {@code {"count", "items"}}: count is the number of devices found. */
    public record Found<T>(int count, List<T> items) {

        public static <T> Found<T> of(List<T> items) {
            return new Found<>(items.size(), items);
        }
    }

    public record DuplicateSessionsJson(String equipmentSerial, List<String> sessionIds, List<String> inspectorIds) {

        static DuplicateSessionsJson of(DuplicateSessions found) {
            return new DuplicateSessionsJson(found.equipmentSerial(), found.sessionIds(), found.inspectorIds());
        }
    }

    public record DuplicateSchedulesJson(String equipmentSerial, List<String> scheduleIds, List<String> assigneeIds) {

        static DuplicateSchedulesJson of(DuplicateSchedules found) {
            return new DuplicateSchedulesJson(found.equipmentSerial(), found.scheduleIds(), found.assigneeIds());
        }
    }

    public record CheckJson(String name, long count, List<String> examples) {

        static CheckJson of(ConsistencyCheck check) {
            return new CheckJson(check.name(), check.count(), check.examples());
        }
    }

    public record Consistency(List<CheckJson> checks) {}
}
