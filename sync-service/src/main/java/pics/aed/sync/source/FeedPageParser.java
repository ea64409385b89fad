package pics.aed.sync.source;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import pics.aed.sync.domain.RawRecord;

/**
 * Reads one {@code getAedFullDown} page with StAX, element by element (never a DOM), in both shapes data.go.kr
 * answers with: {@code response/header/resultCode + body/items/item*} (an empty field is simply absent, a single item
 * is just one {@code item}), and the error envelope {@code OpenAPI_ServiceResponse/cmmMsgHeader/returnReasonCode}.
 */
public final class FeedPageParser {

    /** data.go.kr {@code returnReasonCode} 22: the daily request quota is used up until midnight KST. */
    public static final String LIMIT_EXCEEDED = "22";

    /** data.go.kr {@code resultCode} 03 (NODATA_ERROR): the page has no items. */
    public static final String NO_DATA = "03";

    private static final XMLInputFactory FACTORY = newFactory();

    private FeedPageParser() {}

    /** Woodstox, named rather than found on the classpath: it parses a page in half the JDK parser's time. */
    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = new WstxInputFactory();
        // No DTDs, no external entities: the feed is untrusted input.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** A page held in memory (tests, and callers that have one). */
    public static FeedPage parse(byte[] body, int pageNo, int firstSeq) {
        return parse(new ByteArrayInputStream(body), pageNo, firstSeq, new Limits(Long.MAX_VALUE, Integer.MAX_VALUE));
    }

    /**
     * What one page may hold: {@code maxBytes} (a page far longer is not a page) and {@code maxItems} (the
     * {@code numOfRows} asked for: a page with more items is not the page asked for, and must not fill the heap).
     */
    public record Limits(long maxBytes, int maxItems) {}

    /**
     * Parses a page as it arrives, never holding its bytes: a page of 1,000 records is close to a megabyte, which a
     * small G1 heap allocates as a humongous object and pays for in concurrent GC cycles.
     *
     * @param firstSeq the sequence number of the page's first item in the whole feed
     * @param limits a page longer or with more items than these is refused
     * @throws SourceException for an error envelope, a non-zero result code, XML that does not parse, a page that
     *                         breaks off (transient), or one that is too long
     */
    public static FeedPage parse(InputStream body, int pageNo, int firstSeq, Limits limits) {
        long maxBytes = limits.maxBytes();
        PageStream in = new PageStream(body, maxBytes);
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(in, "UTF-8");
            try {
                return read(xml, pageNo, firstSeq, limits.maxItems());
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            // the document's end tells a broken-off page (worth a retry) from a malformed one
            boolean complete = !in.tooLong && in.drainAndCheckEnd();
            if (in.tooLong) {
                throw new SourceException("page_too_large", "page " + pageNo + " exceeds " + maxBytes + " bytes");
            }
            throw complete
                    ? new SourceException(
                            "malformed_xml",
                            "page " + pageNo + " is not well-formed XML: " + firstLine(e.getMessage()),
                            e)
                    : new SourceException.Transient(
                            "truncated_xml",
                            "page " + pageNo + " ended before its XML did: " + firstLine(e.getMessage()),
                            e);
        }
    }

    private static FeedPage read(XMLStreamReader xml, int pageNo, int firstSeq, int maxItems)
            throws XMLStreamException {
        List<RawRecord> items = new ArrayList<>();
        Map<String, String> header = new LinkedHashMap<>();
        Integer totalCount = null;
        int withoutCoordinates = 0;
        String root = null;
        while (xml.hasNext()) {
            if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = xml.getLocalName();
            if (root == null) {
                root = name;
                if (!root.equals("response") && !root.equals("OpenAPI_ServiceResponse")) {
                    throw new SourceException(
                            "unexpected_document",
                            "page " + pageNo + " is a <" + root + "> document, not a getAedFullDown response");
                }
                continue;
            }
            switch (name) {
                case "item" -> {
                    if (items.size() == maxItems) {
                        throw new SourceException(
                                "page_too_many_items",
                                "page " + pageNo + " holds more than the " + maxItems + " items asked for");
                    }
                    RawRecord item = item(xml, firstSeq + items.size());
                    if (item.get("wgs84Lat") == null && item.get("wgs84Lon") == null) {
                        withoutCoordinates++;
                    }
                    items.add(item);
                }
                case "resultCode", "resultMsg", "returnReasonCode", "returnAuthMsg", "errMsg" ->
                    header.put(name, xml.getElementText().strip());
                case "totalCount" -> totalCount = integer(xml.getElementText(), "totalCount", pageNo);
                default -> {
                    // structure (header, body, items) and paging echoes (numOfRows, pageNo)
                }
            }
        }
        if ("OpenAPI_ServiceResponse".equals(root)) {
            throw serviceError(header.get("returnReasonCode"), header.get("returnAuthMsg"), pageNo);
        }
        String resultCode = header.get("resultCode");
        if (resultCode == null) {
            throw new SourceException("unexpected_document", "page " + pageNo + " has no resultCode");
        }
        if (resultCode.equals(NO_DATA)) {
            // a page past the end, or an empty feed: no items; the run's guards judge what that means
            return new FeedPage(pageNo, totalCount == null ? 0 : totalCount, List.of(), 0);
        }
        if (!resultCode.equals("00") && !resultCode.equals("0")) {
            throw serviceError(resultCode, header.get("resultMsg"), pageNo);
        }
        if (totalCount == null) {
            throw new SourceException("unexpected_document", "page " + pageNo + " has no totalCount");
        }
        return new FeedPage(pageNo, totalCount, items, withoutCoordinates);
    }

    /** An item's child elements as name → text; its raw text is rebuilt from them if it is ever rejected. */
    private static RawRecord item(XMLStreamReader xml, int seq) throws XMLStreamException {
        Map<String, String> fields = new LinkedHashMap<>();
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            fields.put(xml.getLocalName(), xml.getElementText());
        }
        return new RawRecord(seq, fields, () -> itemXml(fields));
    }

    /** StAX keeps no source text: the item as XML again, its elements in the order they came. */
    private static String itemXml(Map<String, String> fields) {
        StringBuilder raw = new StringBuilder("<item>");
        fields.forEach((name, text) -> raw.append('<')
                .append(name)
                .append('>')
                .append(escape(text))
                .append("</")
                .append(name)
                .append('>'));
        return raw.append("</item>").toString();
    }

    private static SourceException serviceError(String code, String message, int pageNo) {
        String detail = "data.go.kr answered page " + pageNo + " with code " + code + " (" + message + ")";
        return LIMIT_EXCEEDED.equals(code)
                ? new SourceException.QuotaExceeded(detail + ": the daily request quota is used up; it resets at"
                        + " midnight KST, and scheduled runs wait for it")
                : new SourceException("service_code_" + code, detail);
    }

    private static int integer(String text, String what, int pageNo) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new SourceException(
                    "unexpected_document", "page " + pageNo + ": " + what + " '" + text + "' is not a number");
        }
    }

    /** Counts what it reads (and stops past the limit) and keeps the last bytes, to see how the document ended. */
    private static final class PageStream extends FilterInputStream {

        private static final int TAIL = 64;

        private final long maxBytes;
        private final byte[] tail = new byte[TAIL];
        private long read;
        boolean tooLong;

        PageStream(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = Math.max(0, n - TAIL); i < n; i++) { // only the last bytes can end up in the tail
                tail[(int) ((read + i) % TAIL)] = buffer[offset + i];
            }
            if (n > 0) {
                read += n;
            }
            if (read > maxBytes) {
                tooLong = true;
                throw new IOException("the page exceeds " + maxBytes + " bytes");
            }
            return n;
        }

        /** Reads what is left (the limit still holds) and says whether the document ends with its root's end tag. */
        boolean drainAndCheckEnd() {
            try {
                byte[] skip = new byte[8192];
                while (read(skip, 0, skip.length) >= 0) {
                    // keep reading: only the last bytes matter
                }
            } catch (IOException e) {
                return false; // it broke off
            }
            int length = (int) Math.min(TAIL, read);
            byte[] last = new byte[length];
            for (int i = 0; i < length; i++) {
                last[i] = tail[(int) ((read - length + i) % TAIL)];
            }
            String end = new String(last, StandardCharsets.UTF_8).strip();
            return end.endsWith("</response>") || end.endsWith("</OpenAPI_ServiceResponse>");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
