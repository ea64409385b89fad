package pics.aed.faults;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import pics.aed.faults.LocalStack.Service;

/**
 * Runs one fault under the load and measures it: the fault, then recovery (every service the load writes to
 * answered a write again and no outbox holds an event older than two seconds), a few more seconds of load, then the
 * load paused while every check runs until it finds nothing or the bound passes.
 */
final class FaultRunner {

    /** What a fault does; returns once the fault is over (the process restarted and ready, the broker continued). */
    @FunctionalInterface
    interface Injection {
        List<Finding> inject() throws Exception;
    }

    record Fault(String name, Injection injection) {}

    /** One line of the fault table, with what the checks still found at the end of the bound (nothing, we hope). */
    record Row(
            String fault,
            long requests,
            long errors,
            String errorStatuses,
            double recoveredSeconds,
            double convergedSeconds,
            long lost,
            long duplicated,
            int redelivered,
            List<Finding> findings) {

        String markdown() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d%s | %.1f s | %.1f s | %d | %d | %d |",
                    fault,
                    requests,
                    errors,
                    errorStatuses.isEmpty() ? "" : " (" + errorStatuses + ")",
                    recoveredSeconds,
                    convergedSeconds,
                    lost,
                    duplicated,
                    redelivered);
        }
    }

    static final String TABLE_HEADER = """
            | fault | requests during it | errors seen by clients | recovered after | checks green after | lost | duplicated | redelivered (absorbed) |
            |---|---|---|---|---|---|---|---|""";

    private static final Duration RECOVERY_BOUND = Duration.ofMinutes(5);
    private static final Duration AFTER_RECOVERY = Duration.ofSeconds(5);

    private final LoadGenerator load;
    private final EventCheck events;
    private final InvariantCheck invariants;
    private final WritesCheck writes;
    private final ProjectionCheck projections;
    private final Duration checkBound;
    /** [from, to] in ms: while a fault and its recovery lasted (a redelivery then is explained). */
    private final List<long[]> windows = new CopyOnWriteArrayList<>();
    /** Redeliveries the earlier faults explained: the event check counts them all, a row only its own. */
    private int redeliveredBefore;
    /** Attempts up to this time were looked at for 500s already. */
    private long serverErrorsSeenUpTo;

    FaultRunner(
            LoadGenerator load,
            EventCheck events,
            InvariantCheck invariants,
            WritesCheck writes,
            ProjectionCheck projections,
            Duration checkBound) {
        this.load = load;
        this.events = events;
        this.invariants = invariants;
        this.writes = writes;
        this.projections = projections;
        this.checkBound = checkBound;
    }

    Row run(Fault fault) throws Exception {
        long start = System.currentTimeMillis();
        long[] window = {start - 5_000, Long.MAX_VALUE};
        windows.add(window);
        List<Finding> faultFindings = fault.injection().inject();
        long end = System.currentTimeMillis();
        long recovered = awaitRecovery(end);
        window[1] = recovered + 5_000;
        Thread.sleep(AFTER_RECOVERY.toMillis());
        load.pause(Duration.ofMinutes(3));
        try {
            Outcome outcome = awaitChecks();
            List<Finding> findings = new ArrayList<>(faultFindings);
            findings.addAll(outcome.findings());
            findings.addAll(serverErrorsSinceTheLastFault());
            return new Row(
                    fault.name(),
                    count(start, recovered, false),
                    count(start, recovered, true),
                    errorStatuses(start, recovered),
                    (recovered - start) / 1000.0,
                    (outcome.greenAt() - end) / 1000.0,
                    sum(findings, Finding.Category.LOST),
                    sum(findings, Finding.Category.DUPLICATED),
                    ownRedeliveries(outcome.redelivered()),
                    findings);
        } finally {
            load.resume();
        }
    }

    /**
     * A 500 is a failure no service expected: a database or broker outage answers 503 with Retry-After, a lost
     * answer is retried with its key. Any 500 the load saw since the previous fault's row is a finding.
     */
    private List<Finding> serverErrorsSinceTheLastFault() {
        long upTo = System.currentTimeMillis();
        List<String> seen = new ArrayList<>();
        for (LoadGenerator.Attempt attempt : load.attempts) {
            if (attempt.status() == 500 && attempt.atMillis() > serverErrorsSeenUpTo && attempt.atMillis() <= upTo) {
                seen.add(attempt.service().module + " at " + java.time.Instant.ofEpochMilli(attempt.atMillis()));
            }
        }
        serverErrorsSeenUpTo = upTo;
        return seen.isEmpty() ? List.of() : List.of(Finding.of("answered 500: a failure no service expected", seen));
    }

    private long awaitRecovery(long faultEnd) throws InterruptedException, SQLException {
        long deadline = System.currentTimeMillis() + RECOVERY_BOUND.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (answeredSince(Service.SESSIONS, faultEnd)
                    && answeredSince(Service.SCHEDULES, faultEnd)
                    && stuckEvents() == 0) {
                return System.currentTimeMillis();
            }
            Thread.sleep(200);
        }
        return System.currentTimeMillis();
    }

    private long stuckEvents() {
        try {
            return events.stuckInOutboxes();
        } catch (SQLException e) {
            return -1; // PostgreSQL not back yet
        }
    }

    private boolean answeredSince(Service service, long since) {
        for (LoadGenerator.Attempt attempt : load.attempts) {
            if (attempt.service() == service && attempt.ok() && attempt.atMillis() >= since) {
                return true;
            }
        }
        return false;
    }

    record Outcome(List<Finding> findings, int redelivered, long greenAt) {}

    /** Every check, again and again, until none finds anything or the bound passes; the last look is the verdict. */
    Outcome awaitChecks() throws InterruptedException {
        long deadline = System.currentTimeMillis() + checkBound.toMillis();
        Outcome last;
        do {
            last = lookOnce();
            if (last.findings().isEmpty()) {
                return last;
            }
            Thread.sleep(1000);
        } while (System.currentTimeMillis() < deadline);
        return last;
    }

    Outcome lookOnce() {
        List<Finding> findings = new ArrayList<>();
        int redelivered = 0;
        try {
            EventCheck.Result result = events.check(this::explained);
            findings.addAll(result.findings());
            redelivered = result.redelivered();
            findings.addAll(invariants.check());
            findings.addAll(invariants.consistency());
            findings.addAll(writes.check());
            findings.addAll(projections.check());
        } catch (Exception e) {
            findings.add(new Finding("check failed to run", 1, List.of(e.toString())));
        }
        return new Outcome(findings, redelivered, System.currentTimeMillis());
    }

    boolean explained(long timestamp) {
        for (long[] window : windows) {
            if (timestamp >= window[0] && timestamp <= window[1]) {
                return true;
            }
        }
        return false;
    }

    private int ownRedeliveries(int total) {
        int own = Math.max(0, total - redeliveredBefore);
        redeliveredBefore = Math.max(redeliveredBefore, total);
        return own;
    }

    private String errorStatuses(long from, long to) {
        return load.failedByStatus(attempt -> attempt.atMillis() >= from && attempt.atMillis() <= to);
    }

    private long count(long from, long to, boolean errorsOnly) {
        long n = 0;
        for (LoadGenerator.Attempt attempt : load.attempts) {
            if (attempt.atMillis() >= from && attempt.atMillis() <= to && (!errorsOnly || !attempt.ok())) {
                n++;
            }
        }
        return n;
    }

    private static long sum(List<Finding> findings, Finding.Category category) {
        return findings.stream()
                .filter(f -> f.category() == category)
                .mapToLong(Finding::count)
                .sum();
    }
}
