package pics.aed.sessions.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pics.aed.sessions.domain.InspectionResult.BatteryStatus;
import pics.aed.sessions.domain.InspectionResult.ChecklistValue;
import pics.aed.sessions.domain.InspectionResult.OperationStatus;
import pics.aed.sessions.domain.InspectionResult.PadStatus;
import pics.aed.sessions.domain.InspectionResult.Storage;
import pics.aed.sessions.domain.InspectionResult.StorageBox;

/** The derived verdict of the HTTP contract, without Quarkus: fail, else needs_improvement, else pass. */
class OverallStatusTest {

    private static final LocalDate BATTERY = LocalDate.of(2028, 3, 31);
    private static final LocalDate PADS = LocalDate.of(2027, 1, 31);

    private static InspectionResult result(
            BatteryStatus battery, PadStatus pads, OperationStatus operation, Storage storage, LocalDate batteryDate) {
        return new InspectionResult(battery, pads, operation, batteryDate, PADS, null, storage, null, null, null, null);
    }

    private static InspectionResult good() {
        return result(BatteryStatus.good, PadStatus.good, OperationStatus.normal, null, BATTERY);
    }

    @Test
    void allGoodAndAsRegisteredPasses() {
        assertThat(OverallStatus.of(good(), BATTERY, PADS)).isEqualTo(OverallStatus.pass);
        assertThat(OverallStatus.of(good(), null, null)).isEqualTo(OverallStatus.pass);
    }

    @Test
    void faultyOrExpiredFails() {
        assertThat(OverallStatus.of(
                        result(BatteryStatus.good, PadStatus.good, OperationStatus.faulty, null, BATTERY),
                        BATTERY,
                        PADS))
                .isEqualTo(OverallStatus.fail);
        assertThat(OverallStatus.of(
                        result(BatteryStatus.expired, PadStatus.good, OperationStatus.normal, null, BATTERY),
                        BATTERY,
                        PADS))
                .isEqualTo(OverallStatus.fail);
        assertThat(OverallStatus.of(
                        result(BatteryStatus.good, PadStatus.expired, OperationStatus.normal, null, BATTERY),
                        BATTERY,
                        PADS))
                .isEqualTo(OverallStatus.fail);
    }

    @Test
    void failWinsOverNeedsImprovement() {
        Storage poor = new Storage(StorageBox.working, Map.of("alarm", ChecklistValue.needs_improvement));
        assertThat(OverallStatus.of(
                        result(BatteryStatus.expired, PadStatus.good, OperationStatus.normal, poor, BATTERY),
                        BATTERY,
                        PADS))
                .isEqualTo(OverallStatus.fail);
    }

    @Test
    void aChecklistItemOrACorrectedDateNeedsImprovement() {
        Storage poor = new Storage(StorageBox.working, Map.of("alarm", ChecklistValue.needs_improvement));
        assertThat(OverallStatus.of(
                        result(BatteryStatus.good, PadStatus.good, OperationStatus.normal, poor, BATTERY),
                        BATTERY,
                        PADS))
                .isEqualTo(OverallStatus.needs_improvement);
        assertThat(OverallStatus.of(
                        result(BatteryStatus.good, PadStatus.good, OperationStatus.normal, null, BATTERY.plusYears(1)),
                        BATTERY,
                        PADS))
                .isEqualTo(OverallStatus.needs_improvement);
        assertThat(OverallStatus.of(good(), BATTERY, PADS.minusMonths(1))).isEqualTo(OverallStatus.needs_improvement);
    }
}
