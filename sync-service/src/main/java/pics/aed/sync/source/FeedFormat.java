package pics.aed.sync.source;

import java.io.InputStream;

/**
 * The page format sync-service asks data.go.kr for ({@code aedpics.egen.format}). Both give the same records; the
 * choice is the operator's (JSON pages are smaller; XML is what the Open API answers by default).
 */
public enum FeedFormat {
    /** No {@code _type}: data.go.kr's default. */
    xml(null),
    /** {@code _type=json}. */
    json("json");

    private final String typeParameter;

    FeedFormat(String typeParameter) {
        this.typeParameter = typeParameter;
    }

    /** The {@code _type} query parameter that asks for this format, or null for none. */
    public String typeParameter() {
        return typeParameter;
    }

    /** Parses a page answered in this format (see {@link JsonFeedPageParser} for the XML a JSON request may get). */
    public FeedPage parse(InputStream body, int pageNo, int firstSeq, FeedPageParser.Limits limits) {
        return this == json
                ? JsonFeedPageParser.parse(body, pageNo, firstSeq, limits)
                : FeedPageParser.parse(body, pageNo, firstSeq, limits);
    }
}
