package pics.aed.platform.testapp;

/** The payload of the test app's events (what WidgetsResource publishes carries more; consumers ignore the rest). */
public record WidgetEvent(String name, Integer n) {}
