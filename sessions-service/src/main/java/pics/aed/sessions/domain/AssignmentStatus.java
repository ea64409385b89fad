package pics.aed.sessions.domain;

/** pending → in_progress (a session started) → completed; cancelling the session puts it back to pending. */
public enum AssignmentStatus {
    pending,
    in_progress,
    completed,
    cancelled
}
