package pics.aed.events;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in binary mode: the attributes travel as {@code ce_*} Kafka headers, the data (JSON) is the
 * record value and the record key is the equipment serial.
 *
 * @param id      unique per event; consumers deduplicate on it
 * @param source  the producing service, e.g. {@code /aedpics/sessions-service}
 * @param type    e.g. {@code pics.aed.session.completed}
 * @param subject the equipment serial the event is about (also the Kafka key)
 * @param time    when the change happened (committed)
 * @param data    the JSON payload
 */
public record CloudEvent(String id, String source, String type, String subject, OffsetDateTime time, String data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_SUBJECT = "ce_subject";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_CONTENT_TYPE = "content-type";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The same event about another subject (the Kafka key follows the subject). */
    public CloudEvent withSubject(String otherSubject) {
        return new CloudEvent(id, source, type, otherSubject, time, data);
    }

    /** The binary-mode headers, in a stable order. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER_SPEC_VERSION, SPEC_VERSION);
        headers.put(HEADER_ID, id);
        headers.put(HEADER_SOURCE, source);
        headers.put(HEADER_TYPE, type);
        if (subject != null) {
            headers.put(HEADER_SUBJECT, subject);
        }
        headers.put(HEADER_TIME, time.toString());
        headers.put(HEADER_CONTENT_TYPE, CONTENT_TYPE);
        return headers;
    }

    /**
     * Reads an event back from binary-mode headers and a value.
     *
     * @throws IllegalArgumentException when a required attribute is missing or the spec version is not 1.0
     */
    public static CloudEvent fromHeaders(Map<String, String> headers, String data) {
        String specVersion = headers.get(HEADER_SPEC_VERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new IllegalArgumentException("not a CloudEvents 1.0 record (ce_specversion=" + specVersion + ")");
        }
        String time = headers.get(HEADER_TIME);
        return new CloudEvent(
                required(headers, HEADER_ID),
                required(headers, HEADER_SOURCE),
                required(headers, HEADER_TYPE),
                headers.get(HEADER_SUBJECT),
                time == null ? OffsetDateTime.now() : OffsetDateTime.parse(time),
                data == null ? "null" : data);
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing CloudEvents attribute " + name);
        }
        return value;
    }
}
