package pics.aed.egen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * Writes the data.go.kr documents, item by item, to a stream: XML (its default) or JSON ({@code _type=json}). One
 * walk over the page ({@link #page}) decides what a page holds and how it deviates; a {@link PageSink} per format
 * writes it.
 */
final class FeedWriter {

    static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // a truncated page must stay truncated: nothing may close what the walk left open
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    /** data.go.kr writes coordinates as JSON numbers. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private FeedWriter() {}

    /** How a page deviates from a well-formed, complete one. */
    record PageFaults(boolean missingCoordinates, boolean malformed, boolean truncated) {
        static final PageFaults NONE = new PageFaults(false, false, false);
    }

    /** The item source of one page: {@code count} items, the k-th being {@code item(k)}. */
    interface Items {
        int count();

        Dataset.Device item(int k);
    }

    /** The paging members that close a page's body. */
    record Paging(int numOfRows, int pageNo, int totalCount) {}

    /** One format's way of writing the parts of a page. */
    interface PageSink {
        /** The header with result code 00 and the body up to its items; {@code count} items follow. */
        void begin(int count) throws IOException;

        void beginItem() throws IOException;

        void field(String name, String value) throws IOException;

        /** The item's end; a malformed one breaks the document's syntax there. */
        void endItem(boolean malformed) throws IOException;

        /** Where a truncated page stops: in the middle of an item's serial, or right after the items began. */
        void cutOff(String partOfSerial) throws IOException;

        void end(Paging paging) throws IOException;
    }

    static PageSink xml(Writer w) {
        return new XmlPage(w);
    }

    static PageSink json(Writer w) throws IOException {
        return new JsonPage(JSON.createGenerator(w));
    }

    /** Writes a page: its items, with the faults applied. */
    static void page(PageSink sink, Items items, Paging paging, PageFaults faults) throws IOException {
        int n = items.count();
        // A truncated page stops in the middle of an item about halfway through (or right after the items began).
        int cutAt = faults.truncated() ? n / 2 : -1;
        sink.begin(n);
        for (int k = 0; k < n; k++) {
            Dataset.Device d = items.item(k);
            if (k == cutAt) {
                sink.cutOff(d.serialSeq().substring(0, d.serialSeq().length() / 2));
                return;
            }
            sink.beginItem();
            boolean dropCoordinates = faults.missingCoordinates();
            d.forEachField((name, value) -> {
                if (!(dropCoordinates && (name.equals("wgs84Lat") || name.equals("wgs84Lon")))) {
                    field(sink, name, value);
                }
            });
            // Malformed: the first item's end does not match its start.
            sink.endItem(faults.malformed() && k == 0);
        }
        if (cutAt == 0) {
            sink.cutOff(null); // an empty page: stop right after its items began
            return;
        }
        if (faults.malformed() && n == 0) {
            sink.endItem(true);
        }
        sink.end(paging);
    }

    private static void field(PageSink sink, String name, String value) {
        try {
            sink.field(name, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** data.go.kr's answer for a page without data: resultCode 03 (NODATA_ERROR), no items. */
    static void noData(Writer w, Paging paging) throws IOException {
        w.write(XML_DECLARATION);
        w.write("<response><header><resultCode>03</resultCode><resultMsg>NODATA_ERROR</resultMsg></header><body>"
                + "<items/><numOfRows>" + paging.numOfRows() + "</numOfRows><pageNo>" + paging.pageNo()
                + "</pageNo><totalCount>" + paging.totalCount() + "</totalCount></body></response>");
    }

    /** The same in JSON: {@code items} is an empty string, as data.go.kr writes it. */
    static void noDataJson(Writer w, Paging paging) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(w)) {
            json.writeStartObject();
            json.writeObjectFieldStart("response");
            JsonPage.header(json, "03", "NODATA_ERROR");
            json.writeObjectFieldStart("body");
            json.writeStringField("items", "");
            JsonPage.paging(json, paging);
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    /** The gateway's error envelope: always XML, whatever {@code _type} asked (as data.go.kr answers). */
    static void errorEnvelope(Writer w, int code, String authMsg) throws IOException {
        w.write(XML_DECLARATION);
        w.write("<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>");
        w.write(authMsg);
        w.write("</returnAuthMsg><returnReasonCode>");
        w.write(String.format("%02d", code));
        w.write("</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>");
    }

    /** {@code response/header + body/items/item*}: a single item is one {@code item}, no items an empty list. */
    private record XmlPage(Writer w) implements PageSink {
        @Override
        public void begin(int count) throws IOException {
            w.write(XML_DECLARATION);
            w.write("<response><header><resultCode>00</resultCode><resultMsg>NORMAL SERVICE.</resultMsg></header>"
                    + "<body><items>");
        }

        @Override
        public void beginItem() throws IOException {
            w.write("<item>");
        }

        @Override
        public void field(String name, String value) throws IOException {
            w.write('<');
            w.write(name);
            w.write('>');
            escape(w, value);
            w.write("</");
            w.write(name);
            w.write('>');
        }

        @Override
        public void endItem(boolean malformed) throws IOException {
            w.write(malformed ? "</itme>" : "</item>");
        }

        @Override
        public void cutOff(String partOfSerial) throws IOException {
            if (partOfSerial != null) {
                w.write("<item><serialSeq>");
                w.write(partOfSerial);
            }
        }

        @Override
        public void end(Paging paging) throws IOException {
            w.write("</items><numOfRows>");
            w.write(Integer.toString(paging.numOfRows()));
            w.write("</numOfRows><pageNo>");
            w.write(Integer.toString(paging.pageNo()));
            w.write("</pageNo><totalCount>");
            w.write(Integer.toString(paging.totalCount()));
            w.write("</totalCount></body></response>");
        }
    }

    /**
     * {@code {"response": {"header": {...}, "body": {"items": {"item": [...]}, ...}}}}: a single item is an object,
     * not an array of one (data.go.kr converts its XML); no items is {@code "items": ""}.
     */
    private static final class JsonPage implements PageSink {
        private final JsonGenerator json;
        private int count;

        JsonPage(JsonGenerator json) {
            this.json = json;
        }

        @Override
        public void begin(int count) throws IOException {
            this.count = count;
            json.writeStartObject();
            json.writeObjectFieldStart("response");
            header(json, "00", "NORMAL SERVICE.");
            json.writeObjectFieldStart("body");
            json.writeFieldName("items");
            if (count == 0) {
                json.writeString("");
                return;
            }
            json.writeStartObject();
            json.writeFieldName("item");
            if (count > 1) {
                json.writeStartArray();
            }
        }

        @Override
        public void beginItem() throws IOException {
            json.writeStartObject();
        }

        @Override
        public void field(String name, String value) throws IOException {
            json.writeFieldName(name);
            if ((name.equals("wgs84Lat") || name.equals("wgs84Lon"))
                    && JSON_NUMBER.matcher(value).matches()) {
                json.writeNumber(value);
            } else {
                json.writeString(value);
            }
        }

        @Override
        public void endItem(boolean malformed) throws IOException {
            if (count > 0) {
                json.writeEndObject();
            }
            if (malformed) {
                json.writeRaw("}"); // one close too many
            }
        }

        @Override
        public void cutOff(String partOfSerial) throws IOException {
            if (partOfSerial != null) {
                json.writeStartObject();
                json.writeFieldName("serialSeq");
                json.writeRawValue("\"" + partOfSerial); // a string that never ends
            }
            json.flush();
        }

        @Override
        public void end(Paging paging) throws IOException {
            if (count > 1) {
                json.writeEndArray();
            }
            if (count > 0) {
                json.writeEndObject(); // items
            }
            paging(json, paging);
            json.writeEndObject(); // body
            json.writeEndObject(); // response
            json.writeEndObject();
            json.flush();
        }

        static void header(JsonGenerator json, String resultCode, String resultMsg) throws IOException {
            json.writeObjectFieldStart("header");
            json.writeStringField("resultCode", resultCode);
            json.writeStringField("resultMsg", resultMsg);
            json.writeEndObject();
        }

        static void paging(JsonGenerator json, Paging paging) throws IOException {
            json.writeNumberField("numOfRows", paging.numOfRows());
            json.writeNumberField("pageNo", paging.pageNo());
            json.writeNumberField("totalCount", paging.totalCount());
        }
    }

    static void escape(Writer w, String s) throws IOException {
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            String rep = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (rep != null) {
                w.write(s, start, i - start);
                w.write(rep);
                start = i + 1;
            }
        }
        w.write(s, start, s.length() - start);
    }
}
