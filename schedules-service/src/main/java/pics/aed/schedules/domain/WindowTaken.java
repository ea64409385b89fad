package pics.aed.schedules.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The exclusion constraint refused a time (SQLSTATE 23P01): the transaction is rolled back, and {@link WindowConflicts}
 * names the schedule that holds the window once it has.
 *
 * @param except the schedule being moved (it does not conflict with itself), or null for a new one
 */
public class WindowTaken extends RuntimeException {

    private final String equipmentSerial;
    private final OffsetDateTime scheduledFor;
    private final UUID except;

    public WindowTaken(String equipmentSerial, OffsetDateTime scheduledFor, UUID except) {
        super("window of " + equipmentSerial + " at " + scheduledFor + " is taken", null, false, false);
        this.equipmentSerial = equipmentSerial;
        this.scheduledFor = scheduledFor;
        this.except = except;
    }

    public static final String EXCLUSION_VIOLATION = "23P01";
    public static final String CONSTRAINT = "schedules_no_overlap";

    /** Whether a database failure is invariant 2 refusing a time. */
    public static boolean isWindowViolation(Throwable failure) {
        return failure instanceof io.vertx.pgclient.PgException pg
                && EXCLUSION_VIOLATION.equals(pg.getSqlState())
                && CONSTRAINT.equals(pg.getConstraint());
    }

    public String equipmentSerial() {
        return equipmentSerial;
    }

    public OffsetDateTime scheduledFor() {
        return scheduledFor;
    }

    public UUID except() {
        return except;
    }
}
