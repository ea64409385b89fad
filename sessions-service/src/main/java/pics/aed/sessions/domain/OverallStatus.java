package pics.aed.sessions.domain;

import java.time.LocalDate;
import pics.aed.sessions.domain.InspectionResult.BatteryStatus;
import pics.aed.sessions.domain.InspectionResult.ChecklistValue;
import pics.aed.sessions.domain.InspectionResult.OperationStatus;
import pics.aed.sessions.domain.InspectionResult.PadStatus;

/** The verdict of an inspection, derived (the HTTP contract): fail, else needs_improvement, else pass. */
public enum OverallStatus {
    pass,
    needs_improvement,
    fail;

    /**
     * @param registeredBatteryExpiry the registry's battery expiry for the device (null when unknown)
     * @param registeredPadExpiry     the registry's pad expiry for the device (null when unknown)
     */
    public static OverallStatus of(
            InspectionResult result, LocalDate registeredBatteryExpiry, LocalDate registeredPadExpiry) {
        if (result.operationStatus() == OperationStatus.faulty
                || result.batteryStatus() == BatteryStatus.expired
                || result.padStatus() == PadStatus.expired) {
            return fail;
        }
        boolean checklistNeedsWork = result.storage() != null
                && result.storage().checklist() != null
                && result.storage().checklist().containsValue(ChecklistValue.needs_improvement);
        if (checklistNeedsWork
                || corrected(result.batteryExpiryDate(), registeredBatteryExpiry)
                || corrected(result.padExpiryDate(), registeredPadExpiry)) {
            return needs_improvement;
        }
        return pass;
    }

    /** A value the inspector entered that differs from what the registry had is a correction. */
    private static boolean corrected(LocalDate entered, LocalDate registered) {
        return entered != null && registered != null && !entered.equals(registered);
    }
}
