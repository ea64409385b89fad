package pics.aed.platform.security;

import pics.aed.platform.problem.Problems;

/**
 * The answers of docs/architecture.md "Security" for a known object: outside what the caller may see is a 404 (never reveal that
 * it exists); visible but not changeable is a 403.
 */
public final class ScopeGuard {

    private ScopeGuard() {}

    public static void requireVisible(Caller caller, Region region, boolean assignedToCaller, String what) {
        if (!caller.maySee(region, assignedToCaller)) {
            throw Problems.notFound(what + " not found.");
        }
    }

    public static void requireChangeable(Caller caller, Region region, boolean assignedToCaller, String what) {
        requireVisible(caller, region, assignedToCaller, what);
        if (!caller.mayChange(region, assignedToCaller)) {
            throw Problems.forbidden("You may read but not change this " + what.toLowerCase() + ".");
        }
    }
}
