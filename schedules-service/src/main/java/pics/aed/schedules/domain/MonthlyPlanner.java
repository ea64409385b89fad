package pics.aed.schedules.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.UUID;
import pics.aed.events.EventTypes;
import pics.aed.events.Topics;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.Role;
import pics.aed.schedules.config.SchedulesConfig;
import pics.aed.schedules.config.SchedulesMetrics;
import pics.aed.schedules.store.PlanStore;

/**
 * The legal monthly inspection: one schedule per active device of an area that has none in the month, placed by one
 * set-based statement whatever the area (a gugun, a sido, the nation), with one created event per schedule written
 * to the outbox by one more statement. Plans of a month run one at a time (a transaction-scoped advisory lock), so a
 * second call, concurrent or not, finds the first's schedules and creates nothing.
 */
@Singleton
public class MonthlyPlanner {

    public static final int DEFAULT_PER_DAY = 20;

    /** A plan request as the resource validated it. */
    public record PlanRequest(YearMonth month, String sido, String gugun, String assigneeId, int perDay) {}

    /** What one call did: the members of the contract's answer. */
    public record PlanOutcome(
            UUID planId,
            YearMonth month,
            String sido,
            String gugun,
            long created,
            long alreadyPlanned,
            long notActive,
            long overCapacity) {}

    private final PlanStore plans;
    private final Outbox outbox;
    private final SchedulesMetrics metrics;
    private final PlanCalendar calendar;
    private final Clock clock = Clock.systemUTC();

    public MonthlyPlanner(PlanStore plans, Outbox outbox, SchedulesMetrics metrics, SchedulesConfig config) {
        this.plans = plans;
        this.outbox = outbox;
        this.metrics = metrics;
        this.calendar = config.calendar();
    }

    public Uni<PlanOutcome> plan(SqlConnection tx, Caller caller, PlanRequest request) {
        requireArea(caller, request);
        if (calendar.hasEnded(request.month(), clock)) {
            throw Problems.validation("month", "has already ended");
        }
        PlanStore.PlanRequest plan = planOf(caller, request);
        long started = System.nanoTime();
        return plans.lockMonth(tx, request.month())
                .chain(() -> plans.insertPlan(tx, plan))
                .chain(() -> plans.place(tx, plan))
                .call(placement -> plans.recordCounts(tx, plan.planId(), placement))
                .call(placement -> appendCreatedEvents(tx, plan.planId(), placement))
                .flatMap(placement -> outcome(tx, plan, placement))
                .invoke(outcome -> metrics.planned(outcome.created(), Duration.ofNanos(System.nanoTime() - started)));
    }

    /**
     * local-admin: their own gugun, named; master: a gugun, a sido or the nation. Anything wider than the caller's
     * area is a 403, never a quietly narrowed plan.
     */
    private static void requireArea(Caller caller, PlanRequest request) {
        if (request.gugun() != null && request.sido() == null) {
            throw Problems.validation("sido", "is required when gugun is given");
        }
        if (caller.has(Role.MASTER)) {
            return;
        }
        if (request.gugun() == null) {
            throw Problems.forbidden("A local-admin plans their own gugun: give sido and gugun.");
        }
        if (!ScheduleAccess.mayPlan(caller, new Region(request.sido(), request.gugun()))) {
            throw Problems.forbidden("A local-admin plans only their own gugun.");
        }
    }

    private PlanStore.PlanRequest planOf(Caller caller, PlanRequest request) {
        YearMonth month = request.month();
        return new PlanStore.PlanRequest(
                UUID.randomUUID(),
                month,
                request.sido(),
                request.gugun(),
                request.assigneeId(),
                request.perDay(),
                caller.id(),
                calendar.monthStart(month),
                calendar.monthEnd(month),
                calendar.workingDaysAhead(month, clock),
                calendar.dueAt(month),
                calendar.dayStartSeconds(),
                calendar.daySpanSeconds(),
                calendar.zone().getId());
    }

    private Uni<Integer> appendCreatedEvents(SqlConnection tx, UUID planId, PlanStore.Placement placement) {
        if (placement.created() == 0) {
            return Uni.createFrom().item(0);
        }
        return outbox.appendQueried(
                tx, Topics.SCHEDULES, EventTypes.SCHEDULE_CREATED, PlanStore.CREATED_EVENTS_OF_PLAN, Tuple.of(planId));
    }

    private Uni<PlanOutcome> outcome(SqlConnection tx, PlanStore.PlanRequest plan, PlanStore.Placement placement) {
        if (placement.created() > 0) {
            metrics.created(placement.created());
            return Uni.createFrom().item(outcome(plan.planId(), plan, placement));
        }
        return plans.latestOfArea(tx, plan.month(), plan.sido(), plan.gugun())
                .map(latest -> outcome(latest.orElse(null), plan, placement));
    }

    private static PlanOutcome outcome(UUID planId, PlanStore.PlanRequest plan, PlanStore.Placement placement) {
        return new PlanOutcome(
                planId,
                plan.month(),
                plan.sido(),
                plan.gugun(),
                placement.created(),
                placement.alreadyPlanned() + placement.skipped(),
                placement.notActive(),
                placement.overCapacity());
    }
}
