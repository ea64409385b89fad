package pics.aed.schedules.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.ScopeGuard;
import pics.aed.schedules.config.SchedulesConfig;
import pics.aed.schedules.config.SchedulesMetrics;
import pics.aed.schedules.events.ScheduleEvents;
import pics.aed.schedules.store.DeviceStore;
import pics.aed.schedules.store.ScheduleStore;

/**
 * Creates one schedule. The insert is the check (docs/architecture.md invariant 2): a time less than 30 minutes from
 * another live schedule of the device is refused by the exclusion constraint, however many requests race; nothing
 * looks first.
 */
@Singleton
public class ScheduleCreator {

    /** A request to plan one inspection; times already parsed, the rest validated by the resource. */
    public record NewSchedule(
            String equipmentSerial,
            OffsetDateTime scheduledFor,
            String assigneeId,
            OffsetDateTime dueAt,
            Priority priority,
            String notes) {}

    private final DeviceStore devices;
    private final ScheduleStore schedules;
    private final Outbox outbox;
    private final SchedulesMetrics metrics;
    private final TimeRules times;

    public ScheduleCreator(
            DeviceStore devices,
            ScheduleStore schedules,
            Outbox outbox,
            SchedulesMetrics metrics,
            SchedulesConfig config) {
        this.devices = devices;
        this.schedules = schedules;
        this.outbox = outbox;
        this.metrics = metrics;
        this.times = new TimeRules(config.calendar(), config.pastTolerance(), Clock.systemUTC());
    }

    public Uni<Schedule> create(SqlConnection tx, Caller caller, NewSchedule request) {
        times.requireNotPast(request.scheduledFor());
        OffsetDateTime dueAt = times.dueAtOrDefault(request.dueAt(), request.scheduledFor());
        return devices.find(tx, request.equipmentSerial())
                .map(found -> plannable(caller, found.orElse(null), request.equipmentSerial()))
                .flatMap(device -> insert(tx, caller, device, request, dueAt))
                .call(created -> outbox.append(tx, ScheduleEvents.created(created)))
                .invoke(created -> metrics.created(1));
    }

    private static Device plannable(Caller caller, Device device, String serial) {
        if (device == null) {
            throw Problems.notFound("Device " + serial + " not found.");
        }
        ScopeGuard.requireChangeable(caller, device.region(), false, "Device");
        if (!ScheduleAccess.mayPlan(caller, device.region())) {
            throw Problems.forbidden("Only an admin of the device's gugun or master may plan its inspections.");
        }
        if (!device.isActive()) {
            throw Problems.conflict(
                    "device-not-active",
                    "Device not active",
                    "The registry lists device " + serial + " as " + device.dataStatus() + "; it cannot be planned.");
        }
        return device;
    }

    private Uni<Schedule> insert(
            SqlConnection tx, Caller caller, Device device, NewSchedule request, OffsetDateTime dueAt) {
        ScheduleStore.NewSchedule row = new ScheduleStore.NewSchedule(
                UUID.randomUUID(),
                device.equipmentSerial(),
                device.region(),
                request.assigneeId(),
                request.scheduledFor(),
                dueAt,
                request.priority() == null ? Priority.normal : request.priority(),
                request.notes(),
                caller.id());
        return schedules
                .lockWindowsOf(tx, device.equipmentSerial())
                .chain(() -> schedules.insert(tx, row))
                .onFailure(WindowTaken::isWindowViolation)
                .transform(violation -> new WindowTaken(device.equipmentSerial(), request.scheduledFor(), null));
    }
}
