package pics.aed.monitoring.api;

import java.util.List;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSchedules;
import pics.aed.monitoring.domain.AuditFindings.DuplicateSessions;
import pics.aed.monitoring.domain.AuditFindings.ScheduleOverlaps;
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

    /**
     * {@code {"count", "items", "basis"}}: as {@link Found}, and how the audit knows: {@code constraint} (the database
     * enforces invariant 2, so there is nothing to find) or {@code scan} (the schedules were read).
     */
    public record Overlaps(int count, List<DuplicateSchedulesJson> items, String basis) {

        static Overlaps of(ScheduleOverlaps answer) {
            List<DuplicateSchedulesJson> items =
                    answer.found().stream().map(DuplicateSchedulesJson::of).toList();
            return new Overlaps(items.size(), items, answer.basis().wireName());
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
