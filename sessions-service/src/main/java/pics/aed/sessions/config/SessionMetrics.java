package pics.aed.sessions.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** The counters of the inspector's workflow (Prometheus: {@code aedpics_sessions_total{outcome=…}}). */
@Singleton
public class SessionMetrics {

    private final Counter started;
    private final Counter resumed;
    private final Counter blocked;
    private final Counter completed;
    private final Counter cancelled;
    private final Counter staleCancelled;
    private final Counter transactionFailures;
    private final MeterRegistry registry;

    public SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
        started = outcome(registry, "started");
        resumed = outcome(registry, "resumed");
        blocked = outcome(registry, "blocked");
        completed = outcome(registry, "completed");
        cancelled = outcome(registry, "cancelled");
        staleCancelled = outcome(registry, "stale_cancelled");
        transactionFailures = Counter.builder("aedpics.sessions.transaction.failures")
                .description("Session transactions that failed unexpectedly and rolled back")
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("aedpics.sessions")
                .tag("outcome", outcome)
                .description("Session workflow outcomes")
                .register(registry);
    }

    public void started() {
        started.increment();
    }

    public void resumed() {
        resumed.increment();
    }

    public void blocked() {
        blocked.increment();
    }

    public void completed() {
        completed.increment();
    }

    public void cancelled() {
        cancelled.increment();
    }

    public void staleCancelled() {
        staleCancelled.increment();
    }

    public void transactionFailed() {
        transactionFailures.increment();
    }

    /** An assignment update that should have touched a row touched none (its transaction rolls back). */
    public void assignmentUpdateMissed(String update) {
        Counter.builder("aedpics.assignments.updates.missed")
                .tag("update", update)
                .description("Assignment updates that found no row to change; each rolled its transaction back")
                .register(registry)
                .increment();
    }
}
