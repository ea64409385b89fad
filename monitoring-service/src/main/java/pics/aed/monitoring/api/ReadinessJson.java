package pics.aed.monitoring.api;

import java.time.LocalDate;
import java.util.List;
import pics.aed.monitoring.store.ReadinessStore.DeviceDates;
import pics.aed.monitoring.store.ReadinessStore.RegionFigures;

/** The JSON of the HTTP contract "Device readiness". */
public final class ReadinessJson {

    private ReadinessJson() {}

    /** @param asOf the day (Asia/Seoul) the figures are counted on */
    public record Figures(LocalDate asOf, int withinDays, String groupBy, List<RegionJson> items) {}

    /** One gugun (or sido, with {@code gugun} null) and its active devices' figures. */
    public record RegionJson(
            String sido,
            String gugun,
            long devices,
            long batteryExpired,
            long batteryExpiring,
            long padExpired,
            long padExpiring,
            long notInspectedThisMonth,
            long notInspectedTwoMonths) {

        static RegionJson of(RegionFigures figures) {
            return new RegionJson(
                    figures.sido(),
                    figures.gugun(),
                    figures.devices(),
                    figures.batteryExpired(),
                    figures.batteryExpiring(),
                    figures.padExpired(),
                    figures.padExpiring(),
                    figures.notInspectedThisMonth(),
                    figures.notInspectedTwoMonths());
        }
    }

    /**
     * A device and the dates that put it on the list: the dates that count, and beside them the registry's and the
     * inspector's corrected ones (null when there is none).
     */
    public record DeviceJson(
            String equipmentSerial,
            String sido,
            String gugun,
            LocalDate batteryExpiryDate,
            LocalDate padExpiryDate,
            LocalDate lastInspectionDate,
            LocalDate registryBatteryExpiryDate,
            LocalDate registryPadExpiryDate,
            LocalDate correctedBatteryExpiryDate,
            LocalDate correctedPadExpiryDate) {

        static DeviceJson of(DeviceDates dates) {
            return new DeviceJson(
                    dates.equipmentSerial(),
                    dates.sido(),
                    dates.gugun(),
                    dates.batteryExpiryDate(),
                    dates.padExpiryDate(),
                    dates.lastInspectionDate(),
                    dates.registryBatteryExpiryDate(),
                    dates.registryPadExpiryDate(),
                    dates.correctedBatteryExpiryDate(),
                    dates.correctedPadExpiryDate());
        }
    }
}
