package pics.aed.monitoring.domain;

/** How urgently a person should look: critical pages, warning waits for working hours. */
public enum Severity {
    critical,
    warning
}
