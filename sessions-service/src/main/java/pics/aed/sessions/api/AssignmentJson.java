package pics.aed.sessions.api;

import java.time.OffsetDateTime;
import pics.aed.sessions.domain.Assignment;

/** An assignment of the HTTP contract. */
public record AssignmentJson(
        String id,
        String scheduleId,
        String equipmentSerial,
        String assigneeId,
        OffsetDateTime dueAt,
        String status,
        String sessionId) {

    public static AssignmentJson of(Assignment a) {
        return new AssignmentJson(
                a.id().toString(),
                a.scheduleId().toString(),
                a.equipmentSerial(),
                a.assigneeId(),
                a.dueAt(),
                a.status().name(),
                a.sessionId() == null ? null : a.sessionId().toString());
    }
}
