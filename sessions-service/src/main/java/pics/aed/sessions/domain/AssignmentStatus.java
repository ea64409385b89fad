package pics.aed.sessions.domain;

/** pending → in_progress (a session started) → completed; cancelling the session puts it back to pending. */
public enum AssignmentStatus {
    pending,
    in_progress,
    completed,
    cancelled;

    /**
     * What a schedule's status (on {@code inspection.schedules.v1}) makes of its assignment: a cancelled or missed
     * schedule cancels it (unless a session already works on it), any other keeps it pending.
     */
    public static AssignmentStatus forSchedule(String scheduleStatus) {
        return switch (scheduleStatus) {
            case "cancelled", "missed" -> cancelled;
            default -> pending;
        };
    }
}
