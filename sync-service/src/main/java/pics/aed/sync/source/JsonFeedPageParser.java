package pics.aed.sync.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import pics.aed.sync.domain.RawRecord;

/**
 * Reads one {@code getAedFullDown} page that data.go.kr answered for {@code _type=json}, token by token with Jackson's
 * streaming parser (never a tree of the page): {@code response/header/resultCode + body/items/item}, where
 * {@code item} is an array of objects, a single object when the page holds one item, and {@code items} is {@code ""}
 * when it holds none. It gives exactly what {@link FeedPageParser} gives for the same page in XML: each field's text
 * (a number's as written), a JSON {@code null} as an absent field, the same failures. An answer that is XML after all
 * (data.go.kr's gateway answers its own errors in XML whatever {@code _type} asked) is read by {@link FeedPageParser}.
 */
public final class JsonFeedPageParser {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper RAW_TEXT = new ObjectMapper();

    private JsonFeedPageParser() {}

    /** A page held in memory (tests, and callers that have one). */
    public static FeedPage parse(byte[] body, int pageNo, int firstSeq) {
        return parse(
                new ByteArrayInputStream(body),
                pageNo,
                firstSeq,
                new FeedPageParser.Limits(Long.MAX_VALUE, Integer.MAX_VALUE));
    }

    /**
     * Parses a page as it arrives, never holding its bytes (as {@link FeedPageParser#parse(InputStream, int, int,
     * FeedPageParser.Limits)} does).
     *
     * @throws SourceException for a non-zero result code, JSON that does not parse, a page that breaks off
     *                         (transient), one that is too long or holds more items than asked for
     */
    public static FeedPage parse(InputStream body, int pageNo, int firstSeq, FeedPageParser.Limits limits) {
        BufferedInputStream buffered = new BufferedInputStream(body);
        if (startsWithMarkup(buffered)) {
            return FeedPageParser.parse(buffered, pageNo, firstSeq, limits);
        }
        PageStream in = new PageStream(buffered, limits.maxBytes());
        try (JsonParser json = FACTORY.createParser(in)) {
            return read(json, new PageContent(pageNo, firstSeq, limits.maxItems()));
        } catch (JsonEOFException e) {
            throw in.tooLong()
                    ? FeedPageParser.tooLarge(in, pageNo)
                    : new SourceException.Transient(
                            "truncated_json",
                            "page " + pageNo + " ended before its JSON did: " + e.getOriginalMessage(),
                            e);
        } catch (StreamReadException e) {
            throw in.tooLong()
                    ? FeedPageParser.tooLarge(in, pageNo)
                    : new SourceException(
                            "malformed_json",
                            "page " + pageNo + " is not well-formed JSON: "
                                    + FeedPageParser.firstLine(e.getOriginalMessage()),
                            e);
        } catch (IOException e) {
            if (in.tooLong()) {
                throw FeedPageParser.tooLarge(in, pageNo);
            }
            throw new SourceException.Transient("connection", "page " + pageNo + " broke off: " + e.getMessage(), e);
        }
    }

    /** Whether the first character after white space (and a byte order mark) is {@code <}. */
    private static boolean startsWithMarkup(BufferedInputStream in) {
        in.mark(256);
        try {
            for (int i = 0; i < 256; i++) {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                if (b == '<') {
                    return true;
                }
                if (!Character.isWhitespace(b) && b != 0xEF && b != 0xBB && b != 0xBF) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // the parser meets the same failure and reports it
        } finally {
            try {
                in.reset();
            } catch (IOException e) {
                // within the mark: cannot happen
            }
        }
    }

    private static FeedPage read(JsonParser json, PageContent page) throws IOException {
        JsonToken first = json.nextToken();
        if (first == null) {
            throw new SourceException.Transient(
                    "truncated_json", "page " + page.pageNo() + " ended before its JSON did: it is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new SourceException(
                    "unexpected_document",
                    "page " + page.pageNo() + " is not a JSON object (it starts with " + first
                            + "), not a getAedFullDown response");
        }
        readObject(json, page);
        return page.page();
    }

    /** The members of an object, from after its start: what a page is made of, at any depth. */
    private static void readObject(JsonParser json, PageContent page) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "item" -> items(json, value, page);
                case "resultCode", "resultMsg" -> {
                    if (value.isScalarValue()) {
                        page.header(name, json.getText());
                    } else {
                        json.skipChildren();
                    }
                }
                case "totalCount" -> page.totalCount(value.isScalarValue() ? json.getText() : "");
                default -> {
                    if (value == JsonToken.START_OBJECT) {
                        readObject(json, page); // response, header, body, items
                    } else {
                        json.skipChildren(); // paging echoes (numOfRows, pageNo); items "" on an empty page
                    }
                }
            }
        }
    }

    /** {@code item}: an array of items, or one item on its own. */
    private static void items(JsonParser json, JsonToken value, PageContent page) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            page.item(item(json, page.nextSeq()));
        } else if (value == JsonToken.START_ARRAY) {
            while (json.nextToken() == JsonToken.START_OBJECT) {
                page.item(item(json, page.nextSeq()));
            }
            if (json.currentToken() != JsonToken.END_ARRAY) {
                throw new SourceException(
                        "unexpected_document",
                        "page " + page.pageNo() + ": an item is " + json.currentToken() + ", not an object");
            }
        } else {
            json.skipChildren();
        }
    }

    /** An item's members as name → text, in order; its raw text is rebuilt from them if it is ever rejected. */
    private static RawRecord item(JsonParser json, int seq) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                fields.put(name, json.getText());
            } else {
                json.skipChildren(); // null is an absent field; no member of an item is structured
            }
        }
        return new RawRecord(seq, fields, () -> itemJson(fields));
    }

    private static String itemJson(Map<String, String> fields) {
        try {
            return RAW_TEXT.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
