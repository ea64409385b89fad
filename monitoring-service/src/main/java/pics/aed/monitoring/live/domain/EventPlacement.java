package pics.aed.monitoring.live.domain;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import pics.aed.events.CloudEvent;

/**
 * Where an event belongs for the live stream's scope filter. Device and schedule events carry the device's region;
 * session and inspection events name only the device, whose region the device view knows; sync runs are national;
 * an alert is regional when its labels name a sido, national otherwise. Anything else is restricted: an event whose
 * region cannot be told is shown to national roles only.
 */
public final class EventPlacement {

    private static final String ALERT_PREFIX = "pics.aed.alert.";
    private static final String SYNC_RUN_PREFIX = "pics.aed.sync-run.";

    private EventPlacement() {}

    /** What the event decides by itself; empty when the device view must say (see {@link #deviceSerial}). */
    public static Optional<Placement> fromEvent(CloudEvent event) {
        JsonObject data = dataOf(event);
        if (event.type().startsWith(ALERT_PREFIX)) {
            return Optional.of(alertPlacement(data));
        }
        if (data.getValue("sido") instanceof String sido && !sido.isBlank()) {
            return Optional.of(Placement.ofRegion(sido, data.getValue("gugun") instanceof String g ? g : null));
        }
        if (event.type().startsWith(SYNC_RUN_PREFIX)) {
            return Optional.of(Placement.NATIONAL);
        }
        return deviceSerial(event).isPresent() ? Optional.empty() : Optional.of(Placement.RESTRICTED);
    }

    /** The device an event is about: its {@code equipmentSerial}, else its subject. */
    public static Optional<String> deviceSerial(CloudEvent event) {
        if (dataOf(event).getValue("equipmentSerial") instanceof String serial && !serial.isBlank()) {
            return Optional.of(serial);
        }
        return Optional.ofNullable(event.subject()).filter(subject -> !subject.isBlank());
    }

    /** The placement for a device event once the device view answered (empty: device unknown). */
    public static Placement forDevice(Optional<Placement> deviceRegion) {
        return deviceRegion.orElse(Placement.RESTRICTED);
    }

    private static Placement alertPlacement(JsonObject data) {
        JsonObject labels = labelsOf(data);
        if (labels.getValue("sido") instanceof String sido && !sido.isBlank()) {
            return Placement.ofRegion(sido, labels.getValue("gugun") instanceof String g ? g : null);
        }
        return Placement.NATIONAL;
    }

    private static JsonObject labelsOf(JsonObject data) {
        if (data.getValue("labels") instanceof JsonObject labels) {
            return labels;
        }
        if (data.getValue("alert") instanceof JsonObject alert && alert.getValue("labels") instanceof JsonObject l) {
            return l;
        }
        return new JsonObject();
    }

    private static JsonObject dataOf(CloudEvent event) {
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(event.data());
            return parsed instanceof JsonObject object ? object : new JsonObject();
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }
}
