package pics.aed.sync.domain;

import java.util.Map;

/**
 * A record exactly as a source delivered it, before any validation: field name (Open API element or export header)
 * to text, plus the text to store when the record is rejected.
 */
public record RawRecord(int seq, Map<String, String> fields, String raw) {

    public String get(String name) {
        String value = fields.get(name);
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
