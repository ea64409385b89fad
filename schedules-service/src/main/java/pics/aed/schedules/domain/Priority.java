package pics.aed.schedules.domain;

/** How urgent an inspection is; the contract's four values. */
public enum Priority {
    low,
    normal,
    high,
    urgent
}
