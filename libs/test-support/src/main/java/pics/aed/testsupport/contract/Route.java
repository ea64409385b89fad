package pics.aed.testsupport.contract;

import java.util.Comparator;
import java.util.Locale;

/**
 * One HTTP route: a method and a path template whose parameters carry only their names ({@code {id}}, never
 * {@code {id: [0-9]+}}), so that a route read from JAX-RS annotations and one read from an OpenAPI document compare
 * equal when they are the same route.
 */
public record Route(String method, String path) implements Comparable<Route> {

    private static final Comparator<Route> ORDER =
            Comparator.comparing(Route::path).thenComparing(Route::method);

    public Route {
        method = method.toUpperCase(Locale.ROOT);
        path = normalised(path);
    }

    /** Joins path segments as JAX-RS does: one slash between them, none at the end, regular expressions dropped. */
    static String normalised(String path) {
        String withoutRegex = path.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
        String single = ("/" + withoutRegex).replaceAll("/+", "/");
        return single.length() > 1 && single.endsWith("/") ? single.substring(0, single.length() - 1) : single;
    }

    @Override
    public int compareTo(Route other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
