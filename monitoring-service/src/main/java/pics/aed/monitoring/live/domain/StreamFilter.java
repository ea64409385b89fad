package pics.aed.monitoring.live.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import pics.aed.events.EventTypes;
import pics.aed.platform.problem.FieldError;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;
import pics.aed.platform.security.Role;

/**
 * What one subscriber receives: the caller's scope, narrowed (never widened) by the {@code types}, {@code sido} and
 * {@code gugun} query filters. An event is delivered when the caller may see it and it matches every filter given.
 */
public record StreamFilter(Caller caller, Set<String> types, String sido, String gugun) {

    /** Every CloudEvents type aedpics publishes; a {@code types} value outside it is a 400. */
    public static final Set<String> KNOWN_TYPES = Set.of(
            EventTypes.DEVICE_UPSERTED,
            EventTypes.SYNC_RUN_SUCCEEDED,
            EventTypes.SYNC_RUN_FAILED,
            EventTypes.SYNC_RUN_ABORTED,
            EventTypes.SESSION_STARTED,
            EventTypes.SESSION_RESUMED,
            EventTypes.SESSION_PAUSED,
            EventTypes.SESSION_COMPLETED,
            EventTypes.SESSION_CANCELLED,
            EventTypes.INSPECTION_APPROVED,
            EventTypes.INSPECTION_REJECTED,
            EventTypes.SCHEDULE_CREATED,
            EventTypes.SCHEDULE_RESCHEDULED,
            EventTypes.SCHEDULE_CANCELLED,
            EventTypes.SCHEDULE_COMPLETED,
            EventTypes.SCHEDULE_MISSED,
            EventTypes.ALERT_FIRING,
            EventTypes.ALERT_RESOLVED);

    public StreamFilter {
        types = Set.copyOf(types);
    }

    /**
     * Checks the query against the caller: unknown types and a gugun without its sido are 400; a caller without a
     * role that reads the stream, without the scope claims its role needs, or asking for a region outside its own
     * is 403.
     *
     * @param types each value one type or a comma-separated list of them; empty means every type
     */
    public static StreamFilter of(Caller caller, List<String> types, String sido, String gugun) {
        Set<String> wanted = parseTypes(types);
        String requestedSido = blankToNull(sido);
        String requestedGugun = blankToNull(gugun);
        if (requestedGugun != null && requestedSido == null) {
            throw Problems.validation("gugun", "A gugun needs its sido (gugun names repeat across sido).");
        }
        requireStreamRole(caller);
        requireWithinScope(caller, requestedSido, requestedGugun);
        return new StreamFilter(caller, wanted, requestedSido, requestedGugun);
    }

    /** Is this event for this subscriber? */
    public boolean delivers(LiveEvent event) {
        return (types.isEmpty() || types.contains(event.type()))
                && visibleToCaller(event.placement())
                && matchesRegionFilter(event.placement());
    }

    private boolean visibleToCaller(Placement placement) {
        return switch (placement.reach()) {
            case REGION -> caller.maySee(new Region(placement.sido(), placement.gugun()));
            case NATIONAL -> caller.isNational() || caller.has(Role.LOCAL_ADMIN) || caller.has(Role.REGIONAL_ADMIN);
            case RESTRICTED -> caller.isNational();
        };
    }

    private boolean matchesRegionFilter(Placement placement) {
        return (sido == null || sido.equals(placement.sido())) && (gugun == null || gugun.equals(placement.gugun()));
    }

    private static Set<String> parseTypes(List<String> values) {
        Set<String> wanted = new LinkedHashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String type : value.split(",")) {
                String trimmed = type.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (KNOWN_TYPES.contains(trimmed)) {
                    wanted.add(trimmed);
                } else {
                    errors.add(new FieldError("types", "Unknown event type '" + trimmed + "'."));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.validation(errors);
        }
        return wanted;
    }

    private static void requireStreamRole(Caller caller) {
        if (caller.roles().isEmpty()) {
            throw Problems.forbidden("Your token carries no aedpics role.");
        }
        if (caller.isNational()) {
            return;
        }
        boolean regionalAdmin = caller.has(Role.REGIONAL_ADMIN);
        if (caller.sido() == null || (!regionalAdmin && caller.gugun() == null)) {
            throw Problems.forbidden("Your token names no area (sido and gugun claims), so there is nothing to show.");
        }
    }

    private static void requireWithinScope(Caller caller, String sido, String gugun) {
        if (caller.isNational() || sido == null) {
            return;
        }
        Region area = caller.visibleArea();
        boolean sidoOutside = !sido.equals(area.sido());
        boolean gugunOutside = gugun != null && area.gugun() != null && !gugun.equals(area.gugun());
        if (sidoOutside || gugunOutside) {
            throw Problems.forbidden("The requested region is outside your area.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
