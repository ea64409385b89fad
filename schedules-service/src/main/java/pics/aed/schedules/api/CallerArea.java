package pics.aed.schedules.api;

import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.Role;

/**
 * The area whose rows a caller may list, with null members meaning "any". A token whose scope claims are missing
 * is refused rather than read as "any": a missing claim never widens what a caller sees.
 */
final class CallerArea {

    private CallerArea() {}

    static Region of(Caller caller) {
        if (caller.isNational()) {
            return new Region(null, null);
        }
        if (caller.has(Role.REGIONAL_ADMIN) && !caller.has(Role.LOCAL_ADMIN)) {
            requireClaim(caller.sido(), "sido");
            return new Region(caller.sido(), null);
        }
        requireClaim(caller.sido(), "sido");
        requireClaim(caller.gugun(), "gugun");
        return new Region(caller.sido(), caller.gugun());
    }

    /**
     * A query filter within the caller's area: the area's own value wins. A filter naming somewhere else
     * ({@link #outside}) matches nothing: it never widens, and never reveals what lies outside.
     */
    static String narrowed(String areaValue, String requested) {
        return areaValue != null ? areaValue : requested;
    }

    static boolean outside(Region area, String sido, String gugun) {
        return area.sido() != null && sido != null && !sido.equals(area.sido())
                || area.gugun() != null && gugun != null && !gugun.equals(area.gugun());
    }

    private static void requireClaim(String value, String claim) {
        if (value == null || value.isBlank()) {
            throw Problems.forbidden("Your token carries no '" + claim + "' claim, so no area is yours to see.");
        }
    }
}
