package pics.aed.schedules.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.schedules.config.SchedulesConfig;
import pics.aed.schedules.config.SchedulesMetrics;
import pics.aed.schedules.events.ScheduleEvents;
import pics.aed.schedules.store.ScheduleStore;

/**
 * Changes an existing schedule: reschedule or reassign (PATCH) and cancel. Each locks the row first, so that
 * concurrent changes of one schedule queue up; a move into another schedule's window is refused by the exclusion
 * constraint, as a create is.
 */
@Singleton
public class ScheduleEditor {

    /** A PATCH body: null members stay as they are. */
    public record Changes(
            OffsetDateTime scheduledFor, OffsetDateTime dueAt, String assigneeId, Priority priority, String notes) {}

    private final ScheduleAccess access;
    private final ScheduleStore schedules;
    private final Outbox outbox;
    private final SchedulesMetrics metrics;
    private final TimeRules times;

    public ScheduleEditor(
            ScheduleAccess access,
            ScheduleStore schedules,
            Outbox outbox,
            SchedulesMetrics metrics,
            SchedulesConfig config) {
        this.access = access;
        this.schedules = schedules;
        this.outbox = outbox;
        this.metrics = metrics;
        this.times = new TimeRules(config.calendar(), config.pastTolerance(), Clock.systemUTC());
    }

    /** @param expectedVersion the If-Match version, or null */
    public Uni<Schedule> change(SqlConnection tx, Caller caller, UUID id, Long expectedVersion, Changes changes) {
        return access.lockForChange(tx, caller, id).flatMap(current -> {
            requireVersion(current, expectedVersion);
            current.status().requireEditable();
            ScheduleStore.Replan replan = merged(current, changes);
            if (unchanged(current, replan)) {
                return Uni.createFrom().item(current);
            }
            return replan(tx, current, replan)
                    .call(moved ->
                            outbox.append(tx, ScheduleEvents.rescheduled(moved, current.scheduledFor(), caller.id())));
        });
    }

    public Uni<Schedule> cancel(SqlConnection tx, Caller caller, UUID id, String reason) {
        return access.lockForChange(tx, caller, id)
                .flatMap(current -> {
                    current.status().requireTransitionTo(ScheduleStatus.cancelled);
                    return schedules.cancel(tx, id, reason);
                })
                .call(cancelled -> outbox.append(tx, ScheduleEvents.cancelled(cancelled, caller.id())))
                .invoke(cancelled -> metrics.cancelled(1));
    }

    private Uni<Schedule> replan(SqlConnection tx, Schedule current, ScheduleStore.Replan replan) {
        return schedules
                .lockWindowsOf(tx, current.equipmentSerial())
                .chain(() -> schedules.replan(tx, current.id(), replan))
                .onFailure(WindowTaken::isWindowViolation)
                .transform(
                        violation -> new WindowTaken(current.equipmentSerial(), replan.scheduledFor(), current.id()));
    }

    private ScheduleStore.Replan merged(Schedule current, Changes changes) {
        OffsetDateTime scheduledFor = current.scheduledFor();
        if (changes.scheduledFor() != null && !changes.scheduledFor().isEqual(current.scheduledFor())) {
            times.requireNotPast(changes.scheduledFor());
            scheduledFor = changes.scheduledFor();
        }
        OffsetDateTime dueAt = changes.dueAt();
        if (dueAt == null) {
            // the due time moves with the schedule only when the schedule would otherwise be due before it starts
            dueAt = current.dueAt().isBefore(scheduledFor) ? null : current.dueAt();
        }
        return new ScheduleStore.Replan(
                scheduledFor,
                times.dueAtOrDefault(dueAt, scheduledFor),
                changes.assigneeId() != null ? changes.assigneeId() : current.assigneeId(),
                changes.priority() != null ? changes.priority() : current.priority(),
                changes.notes() != null ? changes.notes() : current.notes());
    }

    private static boolean unchanged(Schedule current, ScheduleStore.Replan replan) {
        return replan.scheduledFor().isEqual(current.scheduledFor())
                && replan.dueAt().isEqual(current.dueAt())
                && replan.assigneeId().equals(current.assigneeId())
                && replan.priority() == current.priority()
                && Objects.equals(replan.notes(), current.notes());
    }

    private static void requireVersion(Schedule current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw Problems.versionConflict(expectedVersion, current.version());
        }
    }
}
