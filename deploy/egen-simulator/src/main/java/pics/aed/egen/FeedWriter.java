package pics.aed.egen;

import java.io.IOException;
import java.io.Writer;

/** Writes the data.go.kr XML documents, item by item, to a stream. */
final class FeedWriter {

    static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

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

    static void page(Writer w, Items items, int numOfRows, int pageNo, int totalCount, PageFaults faults)
            throws IOException {
        w.write(XML_DECLARATION);
        w.write("<response><header><resultCode>00</resultCode><resultMsg>NORMAL SERVICE.</resultMsg></header><body>");
        int n = items.count();
        // A truncated page stops in the middle of an item about halfway through (or right after <items> when empty).
        int cutAt = faults.truncated() ? n / 2 : -1;
        w.write("<items>");
        for (int k = 0; k < n; k++) {
            Dataset.Device d = items.item(k);
            if (k == cutAt) {
                w.write("<item><serialSeq>");
                String s = d.serialSeq();
                w.write(s, 0, s.length() / 2);
                return;
            }
            w.write("<item>");
            boolean dropCoordinates = faults.missingCoordinates();
            d.forEachField((name, value) -> {
                if (dropCoordinates && (name.equals("wgs84Lat") || name.equals("wgs84Lon"))) {
                    return;
                }
                element(w, name, value);
            });
            // Malformed: the first item's end tag does not match its start tag.
            w.write(faults.malformed() && k == 0 ? "</itme>" : "</item>");
        }
        if (cutAt == 0) {
            // Empty page: stop inside <items>.
            return;
        }
        if (faults.malformed() && n == 0) {
            w.write("</itme>");
        }
        w.write("</items><numOfRows>");
        w.write(Integer.toString(numOfRows));
        w.write("</numOfRows><pageNo>");
        w.write(Integer.toString(pageNo));
        w.write("</pageNo><totalCount>");
        w.write(Integer.toString(totalCount));
        w.write("</totalCount></body></response>");
    }

    /** data.go.kr's answer for a page without data: resultCode 03 (NODATA_ERROR), no items. */
    static void noData(Writer w, int numOfRows, int pageNo, int totalCount) throws IOException {
        w.write(XML_DECLARATION);
        w.write("<response><header><resultCode>03</resultCode><resultMsg>NODATA_ERROR</resultMsg></header><body>"
                + "<items/><numOfRows>" + numOfRows + "</numOfRows><pageNo>" + pageNo + "</pageNo><totalCount>"
                + totalCount + "</totalCount></body></response>");
    }

    static void errorEnvelope(Writer w, int code, String authMsg) throws IOException {
        w.write(XML_DECLARATION);
        w.write("<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>");
        w.write(authMsg);
        w.write("</returnAuthMsg><returnReasonCode>");
        w.write(String.format("%02d", code));
        w.write("</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>");
    }

    private static void element(Writer w, String name, String value) {
        try {
            w.write('<');
            w.write(name);
            w.write('>');
            escape(w, value);
            w.write("</");
            w.write(name);
            w.write('>');
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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
