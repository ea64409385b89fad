package pics.aed.sync.domain;

import java.time.OffsetDateTime;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.security.Region;

/**
 * A device of the registry as stored: what {@code aed.devices.v1} publishes of it, plus when the feed first and last
 * listed it.
 */
public record Device(DeviceSnapshot snapshot, OffsetDateTime firstSeenAt, OffsetDateTime lastSeenAt) {

    public String equipmentSerial() {
        return snapshot.equipmentSerial();
    }

    public Region region() {
        return new Region(snapshot.sido(), snapshot.gugun());
    }
}
