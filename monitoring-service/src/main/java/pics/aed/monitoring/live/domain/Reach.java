package pics.aed.monitoring.live.domain;

/** Who may see a logged event; stored in {@code event_log.reach}. */
public enum Reach {
    /** A device's event: visible within the device's region (sido, and gugun when known). */
    REGION("region"),
    /** Not about one device (a sync run, an alert without a region): admins and national roles. */
    NATIONAL("national"),
    /** About a device whose region is not known (yet): national roles only, so that nothing widens scope. */
    RESTRICTED("restricted");

    private final String column;

    Reach(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static Reach fromColumn(String value) {
        for (Reach reach : values()) {
            if (reach.column.equals(value)) {
                return reach;
            }
        }
        throw new IllegalArgumentException("unknown reach " + value);
    }
}
