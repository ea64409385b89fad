package pics.aed.events.sessions;

import java.time.OffsetDateTime;

/**
 * The members that every session lifecycle event of {@code inspection.sessions.v1} carries (started and cancelled:
 * {@link SessionChanged}; completed: {@link SessionCompleted}), read as one record by a consumer that follows a
 * session through its transitions in topic order (schedules-service: the schedule's status follows its session).
 *
 * @param status      the session's status after the change; completed events carry none (their completedAt says it)
 * @param scheduleId  the schedule the session's assignment came from, or null
 * @param completedAt set on completed events only
 */
public record SessionTransition(
        String sessionId,
        String equipmentSerial,
        String inspectorId,
        String status,
        String scheduleId,
        OffsetDateTime completedAt) {

    /** active (started), cancelled or completed. */
    public String statusAfter() {
        if (status != null) {
            return status;
        }
        return completedAt != null ? "completed" : null;
    }
}
