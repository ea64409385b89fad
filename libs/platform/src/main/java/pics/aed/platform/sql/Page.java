package pics.aed.platform.sql;

import java.util.List;

/** The list shape of the HTTP contract: {@code {"items": [...], "page": 0, "size": 50, "total": N}}. */
public record Page<T>(List<T> items, int page, int size, long total) {}
