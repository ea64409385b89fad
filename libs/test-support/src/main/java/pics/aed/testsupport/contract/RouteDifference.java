package pics.aed.testsupport.contract;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the contract and the code disagree on: routes the service serves that the contract does not document, and
 * documented routes that nothing serves. Both empty means the contract is the service's real surface.
 */
public record RouteDifference(Set<Route> undocumented, Set<Route> documentedWithoutRoute) {

    public static RouteDifference between(Set<Route> documented, Set<Route> served) {
        Set<Route> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<Route> withoutRoute = new TreeSet<>(documented);
        withoutRoute.removeAll(served);
        return new RouteDifference(Set.copyOf(undocumented), Set.copyOf(withoutRoute));
    }

    public boolean isEmpty() {
        return undocumented.isEmpty() && documentedWithoutRoute.isEmpty();
    }

    /** A message that says what to fix, for an assertion. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (!undocumented.isEmpty()) {
            text.append("served but not in the contract (add them to META-INF/openapi.yaml, with an operationId): ")
                    .append(new TreeSet<>(undocumented))
                    .append('\n');
        }
        if (!documentedWithoutRoute.isEmpty()) {
            text.append("in the contract but served by no resource (remove them, or fix the path): ")
                    .append(new TreeSet<>(documentedWithoutRoute))
                    .append('\n');
        }
        return text.toString();
    }
}
