package pics.aed.sync.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guards that need the whole run (seed 004 stage 4), as pure arithmetic over what the staging counted: the run's
 * figures against the registry as committed. A run into an empty registry has nothing to protect. Feed runs pass all
 * of them; an import (an operator's explicit action over part of the registry) passes the change guard, since it
 * neither lists the whole registry nor blanks fields.
 */
public final class RunGuards {

    /** The guards' thresholds (aedpics.sync.*). */
    public record Limits(double minFeedShare, double maxBlankedShare, double maxChangeShare) {}

    /**
     * What a run would do, counted against the registry as committed before it.
     *
     * @param registryActive devices the registry holds active
     * @param registryListed devices a feed is expected to list: active and missing (not deletion_suspected)
     * @param staged valid records staged
     * @param matched staged records of devices the registry knows
     * @param blanked per checked field, how many known devices the run would blank it on
     */
    public record Figures(
            long registryActive,
            long registryListed,
            long staged,
            long matched,
            Map<String, Long> blanked,
            Changes changes) {}

    /** The registry devices a run would change, by kind. */
    public record Changes(long inserts, long updates, long restores, long disappearing) {

        public long total() {
            return inserts + updates + restores + disappearing;
        }
    }

    private final Limits limits;

    public RunGuards(Limits limits) {
        this.limits = limits;
    }

    /** Every guard the run violates, in the order they are reported (the most specific cause first). */
    public List<GuardViolation> violations(SyncRun.Mode mode, Figures figures) {
        List<GuardViolation> violations = new ArrayList<>();
        if (figures.registryListed() == 0) {
            return violations; // the first sync: nothing to protect yet
        }
        if (mode.readsFeed()) {
            feedTooSmall(figures, violations);
            fieldBlanked(figures, violations);
        }
        tooManyChanges(figures, violations);
        return violations;
    }

    /**
     * The first violation the run may not pass: {@code overridden} names the guards a master lifted for this run.
     *
     * @throws GuardViolation the first violation not overridden
     */
    public void check(SyncRun.Mode mode, Figures figures, Set<Guard> overridden) {
        for (GuardViolation violation : violations(mode, figures)) {
            if (!overridden.contains(violation.guard())) {
                throw violation;
            }
        }
    }

    private void feedTooSmall(Figures f, List<GuardViolation> violations) {
        if (f.registryActive() > 0 && f.staged() < f.registryActive() * limits.minFeedShare()) {
            violations.add(new GuardViolation(
                    Guard.FEED_TOO_SMALL,
                    "the feed holds " + f.staged() + " valid devices, less than " + percent(limits.minFeedShare())
                            + " of the " + f.registryActive() + " active devices in the registry"));
        }
    }

    private void fieldBlanked(Figures f, List<GuardViolation> violations) {
        for (Map.Entry<String, Long> field : f.blanked().entrySet()) {
            long count = field.getValue();
            if (f.matched() > 0 && count > 0 && count > f.matched() * limits.maxBlankedShare()) {
                violations.add(new GuardViolation(
                        Guard.FIELD_BLANKED,
                        "the feed blanks " + field.getKey() + " on " + count + " of " + f.matched()
                                + " known devices (more than " + percent(limits.maxBlankedShare()) + ")"));
                return;
            }
        }
    }

    private void tooManyChanges(Figures f, List<GuardViolation> violations) {
        Changes c = f.changes();
        if (c.total() > f.registryListed() * limits.maxChangeShare()) {
            violations.add(new GuardViolation(
                    Guard.TOO_MANY_CHANGES,
                    c.total() + " of " + f.registryListed() + " registry devices would change (" + c.inserts()
                            + " new, " + c.updates() + " updated, " + c.restores() + " restored, " + c.disappearing()
                            + " disappearing), more than " + percent(limits.maxChangeShare())));
        }
    }

    static String percent(double share) {
        return Math.round(share * 1000) / 10.0 + " %";
    }
}
