package pics.aed.sync.domain;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A record exactly as a source delivered it, before any validation: field name (Open API element or export header)
 * to text, plus the text to store when the record is rejected. That text is rendered only for a rejected record:
 * building it for each of 81,000 valid feed records cost more than parsing them.
 */
public record RawRecord(int seq, Map<String, String> fields, Supplier<String> rawText) {

    public RawRecord(int seq, Map<String, String> fields, String raw) {
        this(seq, fields, () -> raw);
    }

    public String get(String name) {
        String value = fields.get(name);
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** The record as the source wrote it (rebuilt from its fields where the source keeps no text). */
    public String raw() {
        return rawText.get();
    }
}
