package pics.aed.sync.source;

import java.io.ByteArrayInputStream;
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

    /** data.go.kr {@code returnReasonCode} 22: the daily request quota is used up; the only code worth retrying. */
    public static final String LIMIT_EXCEEDED = "22";

    private static final XMLInputFactory FACTORY = newFactory();

    private FeedPageParser() {
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // No DTDs, no external entities: the feed is untrusted input.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /**
     * @param firstSeq the sequence number of the page's first item in the whole feed
     * @throws SourceException for an error envelope, a non-zero result code, or XML that does not parse
     */
    public static FeedPage parse(byte[] body, int pageNo, int firstSeq) {
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body), "UTF-8");
            try {
                return read(xml, pageNo, firstSeq);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            boolean complete = endsWithRootEndTag(body);
            throw complete
                    ? new SourceException("malformed_xml", "page " + pageNo + " is not well-formed XML: "
                            + firstLine(e.getMessage()), e)
                    : new SourceException.Transient("truncated_xml", "page " + pageNo + " ended before its XML did: "
                            + firstLine(e.getMessage()), e);
        }
    }

    private static FeedPage read(XMLStreamReader xml, int pageNo, int firstSeq) throws XMLStreamException {
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
                    throw new SourceException("unexpected_document", "page " + pageNo + " is a <" + root
                            + "> document, not a getAedFullDown response");
                }
                continue;
            }
            switch (name) {
                case "item" -> {
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
        if (!resultCode.equals("00") && !resultCode.equals("0")) {
            throw serviceError(resultCode, header.get("resultMsg"), pageNo);
        }
        if (totalCount == null) {
            throw new SourceException("unexpected_document", "page " + pageNo + " has no totalCount");
        }
        return new FeedPage(pageNo, totalCount, items, withoutCoordinates);
    }

    /** An item's child elements as name → text; the raw text is rebuilt from them (StAX keeps no source text). */
    private static RawRecord item(XMLStreamReader xml, int seq) throws XMLStreamException {
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder raw = new StringBuilder("<item>");
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            String text = xml.getElementText();
            fields.put(name, text);
            raw.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        }
        return new RawRecord(seq, fields, raw.append("</item>").toString());
    }

    private static SourceException serviceError(String code, String message, int pageNo) {
        String detail = "data.go.kr answered page " + pageNo + " with code " + code + " (" + message + ")";
        return LIMIT_EXCEEDED.equals(code)
                ? new SourceException.Transient("service_code_" + code, detail)
                : new SourceException("service_code_" + code, detail);
    }

    private static int integer(String text, String what, int pageNo) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new SourceException("unexpected_document", "page " + pageNo + ": " + what + " '" + text
                    + "' is not a number");
        }
    }

    private static boolean endsWithRootEndTag(byte[] body) {
        String tail = new String(body, Math.max(0, body.length - 64), Math.min(64, body.length),
                StandardCharsets.UTF_8).strip();
        return tail.endsWith("</response>") || tail.endsWith("</OpenAPI_ServiceResponse>");
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
