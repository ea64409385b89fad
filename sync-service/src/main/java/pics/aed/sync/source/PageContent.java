package pics.aed.sync.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pics.aed.sync.domain.RawRecord;

/**
 * What a page parser collects from one page, whatever its format, and the one rule that turns it into a
 * {@link FeedPage} or a {@link SourceException}: so that an XML page and a JSON page with the same content give the
 * same page, or fail the same way.
 */
final class PageContent {

    private final int pageNo;
    private final int firstSeq;
    private final int maxItems;
    private final Map<String, String> header = new HashMap<>();
    private final List<RawRecord> items = new ArrayList<>();
    private Integer totalCount;
    private int withoutCoordinates;

    PageContent(int pageNo, int firstSeq, int maxItems) {
        this.pageNo = pageNo;
        this.firstSeq = firstSeq;
        this.maxItems = maxItems;
    }

    int pageNo() {
        return pageNo;
    }

    /** The sequence number in the whole feed of the next item. */
    int nextSeq() {
        if (items.size() == maxItems) {
            throw new SourceException(
                    "page_too_many_items", "page " + pageNo + " holds more than the " + maxItems + " items asked for");
        }
        return firstSeq + items.size();
    }

    void item(RawRecord item) {
        if (item.get("wgs84Lat") == null && item.get("wgs84Lon") == null) {
            withoutCoordinates++;
        }
        items.add(item);
    }

    /** A header member: resultCode, resultMsg, and the error envelope's returnReasonCode, returnAuthMsg, errMsg. */
    void header(String name, String text) {
        header.put(name, text.strip());
    }

    void totalCount(String text) {
        try {
            totalCount = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new SourceException(
                    "unexpected_document", "page " + pageNo + ": totalCount '" + text + "' is not a number");
        }
    }

    /** The error envelope ({@code OpenAPI_ServiceResponse}): always a failure, by its reason code. */
    SourceException serviceEnvelopeError() {
        return serviceError(header.get("returnReasonCode"), header.get("returnAuthMsg"));
    }

    /** The page, when its result code says it is one. */
    FeedPage page() {
        String resultCode = header.get("resultCode");
        if (resultCode == null) {
            throw new SourceException("unexpected_document", "page " + pageNo + " has no resultCode");
        }
        if (resultCode.equals(FeedPageParser.NO_DATA)) {
            // a page past the end, or an empty feed: no items; the run's guards judge what that means
            return new FeedPage(pageNo, totalCount == null ? 0 : totalCount, List.of(), 0);
        }
        if (!resultCode.equals("00") && !resultCode.equals("0")) {
            throw serviceError(resultCode, header.get("resultMsg"));
        }
        if (totalCount == null) {
            throw new SourceException("unexpected_document", "page " + pageNo + " has no totalCount");
        }
        return new FeedPage(pageNo, totalCount, items, withoutCoordinates);
    }

    private SourceException serviceError(String code, String message) {
        String detail = "data.go.kr answered page " + pageNo + " with code " + code + " (" + message + ")";
        return FeedPageParser.LIMIT_EXCEEDED.equals(code)
                ? new SourceException.QuotaExceeded(detail + ": the daily request quota is used up; it resets at"
                        + " midnight KST, and scheduled runs wait for it")
                : new SourceException("service_code_" + code, detail);
    }
}
