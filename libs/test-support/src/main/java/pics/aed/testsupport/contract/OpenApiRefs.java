package pics.aed.testsupport.contract;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The local {@code $ref}s of an OpenAPI document that point at nothing (a renamed schema, a misspelt response). */
public final class OpenApiRefs {

    private OpenApiRefs() {}

    public static Set<String> unresolved(Map<String, ?> document) {
        Set<String> missing = new TreeSet<>();
        collect(document, document, missing);
        return missing;
    }

    private static void collect(Object node, Map<String, ?> document, Set<String> missing) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("$ref") instanceof String ref && !resolves(ref, document)) {
                missing.add(ref);
            }
            map.values().forEach(child -> collect(child, document, missing));
        } else if (node instanceof List<?> list) {
            list.forEach(child -> collect(child, document, missing));
        }
    }

    private static boolean resolves(String ref, Map<String, ?> document) {
        if (!ref.startsWith("#/")) {
            return true;
        }
        Object node = document;
        for (String segment : ref.substring(2).split("/")) {
            String key = segment.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            node = map.get(key);
        }
        return true;
    }
}
