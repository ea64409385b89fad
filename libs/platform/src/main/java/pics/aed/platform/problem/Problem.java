package pics.aed.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} is {@code https://aed.pics/problems/<name>}; extension members (for
 * example {@code errors}, {@code activeSessionId}) are serialised at the top level, as the RFC wants.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        URI type,
        String title,
        int status,
        String detail,
        String instance,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://aed.pics/problems/";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(String name, String title, int status, String detail) {
        return new Problem(URI.create(TYPE_BASE + name), title, status, detail, null, Map.of());
    }

    /** The short name of the type, e.g. {@code session-held-by-other}. */
    public String name() {
        String text = type.toString();
        return text.startsWith(TYPE_BASE) ? text.substring(TYPE_BASE.length()) : text;
    }

    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, more);
    }

    public Problem atInstance(String path) {
        return new Problem(type, title, status, detail, path, extensions);
    }

    @JsonAnyGetter
    public Map<String, Object> members() {
        return extensions;
    }
}
