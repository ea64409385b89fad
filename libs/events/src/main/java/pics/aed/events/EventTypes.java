package pics.aed.events;

/** The CloudEvents {@code type} values, one constant per kind of change. docs/events.md describes each payload. */
public final class EventTypes {

    // aed.devices.v1
    public static final String DEVICE_UPSERTED = "pics.aed.device.upserted";

    // aed.sync-runs.v1
    public static final String SYNC_RUN_SUCCEEDED = "pics.aed.sync-run.succeeded";
    public static final String SYNC_RUN_FAILED = "pics.aed.sync-run.failed";
    public static final String SYNC_RUN_ABORTED = "pics.aed.sync-run.aborted";

    // inspection.sessions.v1
    public static final String SESSION_STARTED = "pics.aed.session.started";
    public static final String SESSION_RESUMED = "pics.aed.session.resumed";
    public static final String SESSION_PAUSED = "pics.aed.session.paused";
    public static final String SESSION_COMPLETED = "pics.aed.session.completed";
    public static final String SESSION_CANCELLED = "pics.aed.session.cancelled";
    public static final String INSPECTION_APPROVED = "pics.aed.inspection.approved";
    public static final String INSPECTION_REJECTED = "pics.aed.inspection.rejected";

    // inspection.schedules.v1
    public static final String SCHEDULE_CREATED = "pics.aed.schedule.created";
    public static final String SCHEDULE_RESCHEDULED = "pics.aed.schedule.rescheduled";
    public static final String SCHEDULE_CANCELLED = "pics.aed.schedule.cancelled";
    public static final String SCHEDULE_COMPLETED = "pics.aed.schedule.completed";
    public static final String SCHEDULE_MISSED = "pics.aed.schedule.missed";

    // monitoring.alerts.v1
    public static final String ALERT_FIRING = "pics.aed.alert.firing";
    public static final String ALERT_RESOLVED = "pics.aed.alert.resolved";

    private EventTypes() {}
}
