package pics.aed.platform.sql;

import java.util.List;
import java.util.function.Function;

/** The list shape of the HTTP contract: {@code {"items": [...], "page": 0, "size": 50, "total": N}}. */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** The same page with each item converted, e.g. {@code found.map(SessionJson::of)}. */
    public <R> Page<R> map(Function<? super T, ? extends R> convert) {
        return new Page<>(items.stream().<R>map(convert).toList(), page, size, total);
    }
}
