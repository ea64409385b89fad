package pics.aed.schedules.domain;

import pics.aed.platform.security.Region;

/** A device as this service's view of the registry holds it. */
public record Device(String equipmentSerial, Region region, String dataStatus) {

    public static final String ACTIVE = "active";
    public static final String DELETION_SUSPECTED = "deletion_suspected";

    public boolean isActive() {
        return ACTIVE.equals(dataStatus);
    }
}
