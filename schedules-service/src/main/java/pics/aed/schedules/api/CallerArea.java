package pics.aed.schedules.api;

import pics.aed.platform.security.Region;

/**
 * Query filters within the caller's area ({@code Caller.visibleArea()}, null members meaning "any"; a token without
 * the claims its role needs never gets this far): the area's own value wins, and a filter naming somewhere else
 * matches nothing. It never widens, and never reveals what lies outside.
 */
final class CallerArea {

    private CallerArea() {}

    static String narrowed(String areaValue, String requested) {
        return areaValue != null ? areaValue : requested;
    }

    static boolean outside(Region area, String sido, String gugun) {
        return area.sido() != null && sido != null && !sido.equals(area.sido())
                || area.gugun() != null && gugun != null && !gugun.equals(area.gugun());
    }
}
