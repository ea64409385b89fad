package pics.aed.platform.testapp;

import java.time.OffsetDateTime;
import pics.aed.events.CloudEvent;

/** The payload of the test app's events (what WidgetsResource publishes carries more; consumers ignore the rest). */
public record WidgetEvent(String name, Integer n) {

    /** A new event about a widget of that name, as a CloudEvent to publish on the test topic. */
    public static CloudEvent about(String name) {
        return new CloudEvent(
                CloudEvent.newId(),
                "/test",
                WidgetConsumer.TYPE,
                name,
                OffsetDateTime.now(),
                "{\"name\":\"" + name + "\"}");
    }
}
