package pics.aed.schedules.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The meters of the plan (Prometheus: {@code aedpics_schedules_total{outcome=…}}, {@code aedpics_schedules_plan_size},
 * {@code aedpics_schedules_plan_duration_seconds}).
 */
@Singleton
public class SchedulesMetrics {

    private final MeterRegistry registry;
    private final Counter created;
    private final Counter conflicts;
    private final Counter missed;
    private final Counter cancelled;
    private final Counter transactionFailures;
    private final DistributionSummary planSize;
    private final Timer planDuration;

    public SchedulesMetrics(MeterRegistry registry) {
        this.registry = registry;
        created = outcome("created");
        conflicts = outcome("window_conflict");
        missed = outcome("missed");
        cancelled = outcome("cancelled");
        transactionFailures = Counter.builder("aedpics.schedules.transaction.failures")
                .description("Schedule transactions that failed unexpectedly and rolled back")
                .register(registry);
        planSize = DistributionSummary.builder("aedpics.schedules.plan.size")
                .description("Schedules created by one monthly plan call")
                .publishPercentileHistogram()
                .register(registry);
        planDuration = Timer.builder("aedpics.schedules.plan.duration")
                .description("Time one monthly plan call spent in its transaction")
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter outcome(String outcome) {
        return Counter.builder("aedpics.schedules")
                .tag("outcome", outcome)
                .description("Schedule outcomes")
                .register(registry);
    }

    public void created(long count) {
        created.increment(count);
    }

    public void windowConflict() {
        conflicts.increment();
    }

    public void missed(long count) {
        missed.increment(count);
    }

    public void cancelled(long count) {
        cancelled.increment(count);
    }

    public void followedSession(String change) {
        registry.counter("aedpics.schedules.session.transitions", "change", change)
                .increment();
    }

    public void planned(long created, Duration took) {
        planSize.record(created);
        planDuration.record(took);
    }

    public void transactionFailed() {
        transactionFailures.increment();
    }
}
