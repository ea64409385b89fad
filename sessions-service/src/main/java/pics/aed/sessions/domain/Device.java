package pics.aed.sessions.domain;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import pics.aed.platform.security.Region;

/** A device as this service's view of the registry knows it. */
public record Device(String equipmentSerial, Region region, String dataStatus, JsonObject snapshot) {

    public LocalDate batteryExpiryDate() {
        return date("batteryExpiryDate");
    }

    public LocalDate padExpiryDate() {
        return date("padExpiryDate");
    }

    private LocalDate date(String field) {
        String value = snapshot.getString(field);
        return value == null ? null : LocalDate.parse(value);
    }
}
