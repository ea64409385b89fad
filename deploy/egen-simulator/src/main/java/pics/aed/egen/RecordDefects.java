package pics.aed.egen;

import pics.aed.egen.Dataset.Device;

/**
 * The deliberately bad records and the edited record the simulator can serve instead of a dataset device, so that a
 * sync meets what the real feed has: coordinates outside Korea, a gugun that does not exist, a serial listed twice,
 * coordinates in another province, and devices that change between runs.
 */
final class RecordDefects {

    /** What {@link #invalid} turns a device into, by {@code (index / every) % 4}. */
    enum Kind {
        OUTSIDE_KOREA,
        UNKNOWN_GUGUN,
        DUPLICATE_SERIAL,
        COORDINATES_IN_ANOTHER_SIDO
    }

    /** The elements {@link #without} can take away. */
    static final java.util.List<String> BLANKABLE =
            java.util.List.of("org", "buildAddress", "buildPlace", "mfg", "model");

    private RecordDefects() {}

    /** Whether device {@code index} is in a deterministic share (0..1) of the devices, spread over the whole feed. */
    static boolean isInShare(int index, double share) {
        return share > 0 && Math.floorMod(index * 7919, 1000) < Math.round(share * 1000);
    }

    /** The device without one of {@link #BLANKABLE}. */
    static Device without(Device d, String element) {
        return new Device(
                d.serialSeq(),
                element.equals("org") ? null : d.org(),
                element.equals("buildAddress") ? null : d.buildAddress(),
                element.equals("buildPlace") ? null : d.buildPlace(),
                d.clerkTel(),
                d.manager(),
                d.managerTel(),
                element.equals("mfg") ? null : d.mfg(),
                element.equals("model") ? null : d.model(),
                d.wgs84Lat(),
                d.wgs84Lon(),
                d.zipcode1(),
                d.zipcode2(),
                d.sido(),
                d.gugun(),
                d.hours());
    }

    /** Whether device {@code index} is served broken when every {@code every}-th device is (0 = none). */
    static boolean isInvalid(int index, int every) {
        return every > 0 && index % every == every - 1;
    }

    static Kind kindOf(int index, int every) {
        return Kind.values()[(index / every) % Kind.values().length];
    }

    /**
     * @param previous the device before it in the dataset, whose serial a duplicate repeats
     */
    static Device invalid(Device d, Kind kind, Device previous) {
        return switch (kind) {
            case OUTSIDE_KOREA -> withPlace(d, d.serialSeq(), "51.5072", "-0.1276", d.gugun()); // London
            case UNKNOWN_GUGUN -> withPlace(d, d.serialSeq(), d.wgs84Lat(), d.wgs84Lon(), "가상구");
            case DUPLICATE_SERIAL -> withPlace(d, previous.serialSeq(), d.wgs84Lat(), d.wgs84Lon(), d.gugun());
            case COORDINATES_IN_ANOTHER_SIDO ->
                d.sido().equals("제주특별자치도")
                        ? withPlace(d, d.serialSeq(), "37.5665", "126.9780", d.gugun()) // Seoul City Hall
                        : withPlace(d, d.serialSeq(), "33.4996", "126.5312", d.gugun()); // Jeju City
        };
    }

    /** The same device after e-gen changed where it is installed. */
    static Device changed(Device d) {
        String place = d.buildPlace() == null ? "(이전 설치)" : d.buildPlace() + " (이전 설치)";
        return new Device(
                d.serialSeq(),
                d.org(),
                d.buildAddress(),
                place,
                d.clerkTel(),
                d.manager(),
                d.managerTel(),
                d.mfg(),
                d.model(),
                d.wgs84Lat(),
                d.wgs84Lon(),
                d.zipcode1(),
                d.zipcode2(),
                d.sido(),
                d.gugun(),
                d.hours());
    }

    private static Device withPlace(Device d, String serial, String lat, String lon, String gugun) {
        return new Device(
                serial,
                d.org(),
                d.buildAddress(),
                d.buildPlace(),
                d.clerkTel(),
                d.manager(),
                d.managerTel(),
                d.mfg(),
                d.model(),
                lat,
                lon,
                d.zipcode1(),
                d.zipcode2(),
                d.sido(),
                gugun,
                d.hours());
    }
}
