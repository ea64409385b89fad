package pics.aed.sync.source;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
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
        PageStream in = new PageStream(body, limits.maxBytes());
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(in, "UTF-8");
            try {
                return read(xml, new PageContent(pageNo, firstSeq, limits.maxItems()));
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw unreadable(in, pageNo, e);
        }
    }

    /** The document's end tells a broken-off page (worth a retry) from a malformed one. */
    private static SourceException unreadable(PageStream in, int pageNo, XMLStreamException e) {
        if (in.tooLong()) {
            return tooLarge(in, pageNo);
        }
        String end = in.drainToEnd();
        if (in.tooLong()) {
            return tooLarge(in, pageNo);
        }
        boolean complete = end.endsWith("</response>") || end.endsWith("</OpenAPI_ServiceResponse>");
        return complete
                ? new SourceException(
                        "malformed_xml", "page " + pageNo + " is not well-formed XML: " + firstLine(e.getMessage()), e)
                : new SourceException.Transient(
                        "truncated_xml",
                        "page " + pageNo + " ended before its XML did: " + firstLine(e.getMessage()),
                        e);
    }

    static SourceException tooLarge(PageStream in, int pageNo) {
        return new SourceException("page_too_large", "page " + pageNo + " exceeds " + in.maxBytes() + " bytes");
    }

    private static FeedPage read(XMLStreamReader xml, PageContent page) throws XMLStreamException {
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
                            "page " + page.pageNo() + " is a <" + root + "> document, not a getAedFullDown response");
                }
                continue;
            }
            switch (name) {
                case "item" -> page.item(item(xml, page.nextSeq()));
                case "resultCode", "resultMsg", "returnReasonCode", "returnAuthMsg", "errMsg" ->
                    page.header(name, xml.getElementText());
                case "totalCount" -> page.totalCount(xml.getElementText());
                default -> {
                    // structure (header, body, items) and paging echoes (numOfRows, pageNo)
                }
            }
        }
        if ("OpenAPI_ServiceResponse".equals(root)) {
            throw page.serviceEnvelopeError();
        }
        return page.page();
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

    static String firstLine(String message) {
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
