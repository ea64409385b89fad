package pics.aed.schedules.domain;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import pics.aed.platform.problem.Problem;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.Problems;
import pics.aed.schedules.config.SchedulesMetrics;
import pics.aed.schedules.store.ScheduleStore;

/**
 * Answers a create or move that the exclusion constraint refused with 409 {@code schedule-window-conflict}, naming
 * the schedule that holds the window. The constraint decided; the look-up only explains, after the refused
 * transaction rolled back. If the holder is gone by then (cancelled meanwhile), the window is free again and the
 * request runs once more.
 */
@Singleton
public class WindowConflicts {

    private final Pool pool;
    private final ScheduleStore schedules;
    private final SchedulesMetrics metrics;

    public WindowConflicts(Pool pool, ScheduleStore schedules, SchedulesMetrics metrics) {
        this.pool = pool;
        this.schedules = schedules;
        this.metrics = metrics;
    }

    /** @param attempt the whole request (its own transaction); called again at most once */
    public <T> Uni<T> explained(Supplier<Uni<T>> attempt) {
        return attempt.get()
                .onFailure(WindowTaken.class)
                .recoverWithUni(taken -> explain((WindowTaken) taken, attempt));
    }

    private <T> Uni<T> explain(WindowTaken taken, Supplier<Uni<T>> attempt) {
        return schedules
                .holderOfWindow(pool, taken.equipmentSerial(), taken.scheduledFor(), taken.except())
                .flatMap(holder -> holder.isPresent()
                        ? Uni.createFrom().failure(conflict(holder.get()))
                        : attempt.get().onFailure(WindowTaken.class).transform(again -> busy()));
    }

    private ProblemException conflict(ScheduleStore.WindowHolder holder) {
        metrics.windowConflict();
        return new ProblemException(Problem.of(
                        "schedule-window-conflict",
                        "Schedule window taken",
                        409,
                        "Another schedule of this device, at " + holder.scheduledFor()
                                + ", lies less than 30 minutes away.")
                .with("conflictingScheduleId", holder.id().toString())
                .with("conflictingScheduledFor", ISO_OFFSET_DATE_TIME.format(holder.scheduledFor())));
    }

    private static ProblemException busy() {
        return Problems.unavailable("The device's schedules are changing quickly; retry.");
    }
}
