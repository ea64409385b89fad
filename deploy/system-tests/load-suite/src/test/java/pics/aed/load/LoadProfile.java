package pics.aed.load;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;

import io.gatling.javaapi.core.ClosedInjectionStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * How many virtual users run when: a sequence of phases, each holding a number of concurrent users or ramping
 * between two. Every request a user makes is reported in the Gatling group of the phase the user started in
 * ("at 300 users", "ramp 300 → 1000", ...), so the report and docs/benchmarks.md read the figures of each level from
 * the same run. Closed model: a user who finishes their day is replaced at once, so concurrency is what the phase
 * says.
 */
public record LoadProfile(String name, List<Phase> phases) {

    /** One stretch of the run. {@code measured}: its figures are a level of the benchmark table. */
    public record Phase(String group, int fromUsers, int toUsers, Duration duration, boolean measured) {

        static Phase hold(int users, Duration duration) {
            return new Phase(level(users), users, users, duration, true);
        }

        static Phase ramp(int from, int to, Duration duration) {
            return new Phase(String.format(Locale.ROOT, "ramp %d → %d", from, to), from, to, duration, false);
        }
    }

    /** The group name of a level: "at 100 users". LoadFigures reads the concurrency back from it. */
    public static String level(int users) {
        return "at " + users + " users";
    }

    /**
     * short: the form inside {@code ./mvnw verify} (about a minute at a dozen users); ramp: 100 → 300 → 1,000 with a
     * hold of {@code step} at each level; soak: 300 users for 30 minutes.
     */
    public static LoadProfile named(String name, int shortUsers, Duration step) {
        return switch (name) {
            case "short" ->
                new LoadProfile(
                        name,
                        List.of(
                                new Phase("warm-up", 0, shortUsers, Duration.ofSeconds(20), false),
                                Phase.hold(shortUsers, Duration.ofSeconds(40))));
            case "ramp" ->
                new LoadProfile(
                        name,
                        List.of(
                                new Phase("warm-up", 0, 100, Duration.ofSeconds(60), false),
                                Phase.hold(100, step),
                                Phase.ramp(100, 300, Duration.ofSeconds(60)),
                                Phase.hold(300, step),
                                Phase.ramp(300, 1000, Duration.ofSeconds(120)),
                                Phase.hold(1000, step)));
            case "soak" ->
                new LoadProfile(
                        name,
                        List.of(
                                new Phase("warm-up", 0, 300, Duration.ofSeconds(60), false),
                                Phase.hold(300, Duration.ofMinutes(30))));
            default -> throw new IllegalArgumentException("load.profile must be short, ramp or soak, was " + name);
        };
    }

    public Duration total() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The phase a user starting {@code elapsed} after the load began belongs to (the last one after the end). */
    public String groupAt(Duration elapsed) {
        Duration end = Duration.ZERO;
        for (Phase phase : phases) {
            end = end.plus(phase.duration());
            if (elapsed.compareTo(end) < 0) {
                return phase.group();
            }
        }
        return phases.get(phases.size() - 1).group();
    }

    /** The closed injection of one scenario, whose share of each phase's users {@code share} gives. */
    public ClosedInjectionStep[] injection(IntUnaryOperator share) {
        List<ClosedInjectionStep> steps = new ArrayList<>();
        for (Phase phase : phases) {
            int from = share.applyAsInt(phase.fromUsers());
            int to = share.applyAsInt(phase.toUsers());
            steps.add(
                    from == to
                            ? constantConcurrentUsers(to).during(phase.duration())
                            : rampConcurrentUsers(from).to(to).during(phase.duration()));
        }
        return steps.toArray(ClosedInjectionStep[]::new);
    }
}
