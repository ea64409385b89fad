package pics.aed.monitoring.api;

import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.Role;
import pics.aed.platform.sql.QueryParams;

/**
 * The region a caller may see on monitoring's aggregate endpoints, narrowed by the optional {@code sido}/{@code gugun}
 * query parameters: master and service everywhere, regional-admin its sido, local-admin its sido + gugun. A filter
 * never widens what a caller sees: a token without the claims its role needs sees nothing (403), and asking for a
 * region outside one's own is 403.
 */
final class RegionScope {

    private static final int MAX_NAME = 100;

    private RegionScope() {}

    /** The region an admin's token allows (null members: any), for endpoints open to admins. */
    static Region of(Caller caller) {
        if (caller.isNational()) {
            return new Region(null, null);
        }
        if (caller.has(Role.LOCAL_ADMIN)) {
            if (caller.sido() == null || caller.gugun() == null) {
                throw Problems.forbidden("Your token names no sido and gugun; a local admin sees only their own.");
            }
            return new Region(caller.sido(), caller.gugun());
        }
        if (caller.has(Role.REGIONAL_ADMIN)) {
            if (caller.sido() == null) {
                throw Problems.forbidden("Your token names no sido; a regional admin sees only their own.");
            }
            return new Region(caller.sido(), null);
        }
        throw Problems.forbidden("Your role may not call this endpoint.");
    }

    /** {@link #of(Caller)} narrowed by the request's filters. */
    static Region of(Caller caller, String sidoParam, String gugunParam) {
        Region allowed = of(caller);
        String sido = QueryParams.text("sido", sidoParam, MAX_NAME);
        String gugun = QueryParams.text("gugun", gugunParam, MAX_NAME);
        if (sido != null && allowed.sido() != null && !sido.equals(allowed.sido())) {
            throw Problems.forbidden("sido '" + sido + "' is outside your scope.");
        }
        if (gugun != null && allowed.gugun() != null && !gugun.equals(allowed.gugun())) {
            throw Problems.forbidden("gugun '" + gugun + "' is outside your scope.");
        }
        Region narrowed = new Region(sido != null ? sido : allowed.sido(), gugun != null ? gugun : allowed.gugun());
        if (narrowed.gugun() != null && narrowed.sido() == null) {
            // Gugun names repeat across sido (중구 is in six of them): one alone names no region.
            throw Problems.validation("gugun", "needs sido");
        }
        return narrowed;
    }
}
