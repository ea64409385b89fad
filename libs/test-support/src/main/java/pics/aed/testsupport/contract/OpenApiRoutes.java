package pics.aed.testsupport.contract;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes an OpenAPI document lists, split by where they come from. SmallRye OpenAPI merges the service's contract
 * ({@code META-INF/openapi.yaml}) with what it scans from the code, so a route added in code appears in
 * {@code /q/openapi} on its own; only the contract gives an operation its {@code operationId}. An operation with one
 * is documented; one without is a route the contract does not know.
 */
public record OpenApiRoutes(Set<Route> documented, Set<Route> scannedOnly) {

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** Reads the {@code paths} object of an OpenAPI document (as parsed JSON). */
    public static OpenApiRoutes of(Map<String, ?> paths) {
        Set<Route> documented = new TreeSet<>();
        Set<Route> scannedOnly = new TreeSet<>();
        paths.forEach((path, item) -> ((Map<?, ?>) item).forEach((key, operation) -> {
            String name = String.valueOf(key);
            if (!METHODS.contains(name)) {
                return;
            }
            Route route = new Route(name, path);
            Object operationId = ((Map<?, ?>) operation).get("operationId");
            if (operationId instanceof String id && !id.isBlank()) {
                documented.add(route);
            } else {
                scannedOnly.add(route);
            }
        }));
        return new OpenApiRoutes(documented, scannedOnly);
    }
}
