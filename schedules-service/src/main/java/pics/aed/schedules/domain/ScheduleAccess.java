package pics.aed.schedules.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Singleton;
import java.util.UUID;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.Role;
import pics.aed.schedules.store.ScheduleStore;

/**
 * Who may see and change a schedule (docs/architecture.md "Security"): an inspector sees the schedules assigned to
 * them; admins those of their area (local-admin a gugun, regional-admin a sido); master and service all. Changing is
 * for a local-admin in their gugun and for master. Outside what the caller may see is a 404, as if it did not exist;
 * visible but not changeable is a 403.
 */
@Singleton
public class ScheduleAccess {

    private final ScheduleStore schedules;

    public ScheduleAccess(ScheduleStore schedules) {
        this.schedules = schedules;
    }

    public Uni<Schedule> read(SqlClient client, Caller caller, UUID id) {
        return schedules.find(client, id).map(found -> visible(caller, found.orElse(null)));
    }

    /** Locks the row for the rest of the transaction, so that concurrent changes to one schedule queue up. */
    public Uni<Schedule> lockForChange(SqlClient tx, Caller caller, UUID id) {
        return schedules.findForUpdate(tx, id).map(found -> changeable(caller, visible(caller, found.orElse(null))));
    }

    /** An inspector without an admin role works on what is assigned to them, nothing else. */
    public static boolean seesOnlyOwnWork(Caller caller) {
        return caller.has(Role.INSPECTOR)
                && !caller.has(Role.LOCAL_ADMIN)
                && !caller.has(Role.REGIONAL_ADMIN)
                && !caller.isNational();
    }

    public static boolean maySee(Caller caller, Schedule schedule) {
        if (seesOnlyOwnWork(caller)) {
            return schedule.isAssignedTo(caller.id());
        }
        return caller.maySee(schedule.region());
    }

    /** Planning is an admin's work: a local-admin in their own gugun, or master. */
    public static boolean mayPlan(Caller caller, Region region) {
        return caller.has(Role.MASTER) || caller.has(Role.LOCAL_ADMIN) && caller.mayChange(region);
    }

    private static Schedule visible(Caller caller, Schedule schedule) {
        if (schedule == null || !maySee(caller, schedule)) {
            throw Problems.notFound("Schedule not found.");
        }
        return schedule;
    }

    private static Schedule changeable(Caller caller, Schedule schedule) {
        if (!mayPlan(caller, schedule.region())) {
            throw Problems.forbidden("You may read but not change this schedule.");
        }
        return schedule;
    }
}
