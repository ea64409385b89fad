package pics.aed.platform.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, and where they may look and act. The rules are docs/architecture.md "Security":
 * <ul>
 * <li>master and service: everything, everywhere;</li>
 * <li>local-admin: see and change in its sido + gugun (one health centre);</li>
 * <li>regional-admin: see in its sido, change nothing;</li>
 * <li>inspector: see and change in its sido + gugun (a service widens this with assignments: see
 * {@link #maySee(Region, boolean)}).</li>
 * </ul>
 * A regional role needs its scope claims ({@link #lacksScopeClaims()}): a token that says "local-admin" but names no
 * gugun is refused before any endpoint runs ({@link ScopeClaimsFilter}), never read as a national token.
 */
public record Caller(String id, Set<Role> roles, String sido, String gugun) {

    public Caller {
        Objects.requireNonNull(id, "id");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isNational() {
        return has(Role.MASTER) || has(Role.SERVICE);
    }

    /**
     * Whether the token lacks a scope claim its roles need: {@code sido} for inspector, local-admin and regional-admin;
     * {@code gugun} too for inspector and local-admin. National roles need none.
     */
    public boolean lacksScopeClaims() {
        if (isNational()) {
            return false;
        }
        boolean needsGugun = has(Role.LOCAL_ADMIN) || has(Role.INSPECTOR);
        boolean needsSido = needsGugun || has(Role.REGIONAL_ADMIN);
        return (needsSido && sido == null) || (needsGugun && gugun == null);
    }

    /** May this caller read something about a device in {@code region}? */
    public boolean maySee(Region region) {
        return maySee(region, false);
    }

    /**
     * @param assignedToCaller whether the thing is assigned to this caller (an inspector may work on devices assigned
     *                         to them outside their own gugun)
     */
    public boolean maySee(Region region, boolean assignedToCaller) {
        if (isNational()) {
            return true;
        }
        if (has(Role.REGIONAL_ADMIN) && sido != null && sido.equals(region.sido())) {
            return true;
        }
        return mayChange(region, assignedToCaller);
    }

    /** May this caller change something about a device in {@code region}? */
    public boolean mayChange(Region region) {
        return mayChange(region, false);
    }

    public boolean mayChange(Region region, boolean assignedToCaller) {
        if (isNational()) {
            return true;
        }
        if ((has(Role.LOCAL_ADMIN) || has(Role.INSPECTOR)) && inOwnGugun(region)) {
            return true;
        }
        return has(Role.INSPECTOR) && assignedToCaller;
    }

    /**
     * The region filter for lists: null members mean "any". Prefer {@link pics.aed.platform.sql.SqlFilter#visibleTo},
     * which cannot turn a missing claim into "any".
     *
     * @throws IllegalStateException for a caller that {@link #lacksScopeClaims() lacks scope claims}
     */
    public Region visibleArea() {
        if (isNational()) {
            return new Region(null, null);
        }
        if (lacksScopeClaims()) {
            throw new IllegalStateException("caller " + id + " lacks scope claims");
        }
        if (has(Role.REGIONAL_ADMIN)) {
            return new Region(sido, null);
        }
        return new Region(sido, gugun);
    }

    private boolean inOwnGugun(Region region) {
        return sido != null && gugun != null && sido.equals(region.sido()) && gugun.equals(region.gugun());
    }
}
