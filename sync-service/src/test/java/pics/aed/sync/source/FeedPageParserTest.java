package pics.aed.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import pics.aed.sync.domain.RawRecord;

/** The shapes data.go.kr answers getAedFullDown with, including the ones that are not a page. */
class FeedPageParserTest {

    static FeedPage parse(String xml) {
        return FeedPageParser.parse(xml.getBytes(StandardCharsets.UTF_8), 3, 2001);
    }

    static String page(String items, int totalCount) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><response><header><resultCode>00"
                + "</resultCode><resultMsg>NORMAL SERVICE.</resultMsg></header><body><items>" + items
                + "</items><numOfRows>1000</numOfRows><pageNo>3</pageNo><totalCount>" + totalCount
                + "</totalCount></body></response>";
    }

    @Test
    void aSingleItemIsAPageOfOneAndOmittedFieldsAreAbsent() {
        FeedPage page = parse(page(
                "<item><serialSeq>11-1</serialSeq><org>종로구청 &amp; 별관</org>"
                        + "<buildPlace>  </buildPlace><sido>서울특별시</sido><gugun>종로구</gugun></item>",
                2001));

        assertThat(page.totalCount()).isEqualTo(2001);
        assertThat(page.items()).singleElement().satisfies(item -> {
            assertThat(item.seq()).isEqualTo(2001);
            assertThat(item.get("serialSeq")).isEqualTo("11-1");
            assertThat(item.get("org")).isEqualTo("종로구청 & 별관");
            assertThat(item.get("buildPlace")).isNull(); // blank is absent
            assertThat(item.get("wgs84Lat")).isNull(); // omitted is absent
            assertThat(item.raw()).contains("<org>종로구청 &amp; 별관</org>");
        });
        assertThat(page.itemsWithoutCoordinates()).isEqualTo(1);
    }

    @Test
    void itemsAreNumberedFromThePagesFirstSequenceAndCoordinatesCounted() {
        FeedPage page = parse(page(
                "<item><serialSeq>a</serialSeq><wgs84Lat>37.5</wgs84Lat><wgs84Lon>127.0</wgs84Lon>"
                        + "</item><item><serialSeq>b</serialSeq></item><item><serialSeq>c</serialSeq></item>",
                3000));

        assertThat(page.items()).extracting(RawRecord::seq).containsExactly(2001, 2002, 2003);
        assertThat(page.items()).extracting(r -> r.get("serialSeq")).containsExactly("a", "b", "c");
        assertThat(page.itemsWithoutCoordinates()).isEqualTo(2);
    }

    @Test
    void resultCode03IsAPageWithoutItems() {
        String noData = "<response><header><resultCode>03</resultCode><resultMsg>NODATA_ERROR</resultMsg></header>"
                + "<body><items/><numOfRows>500</numOfRows><pageNo>3</pageNo><totalCount>1200</totalCount></body>"
                + "</response>";
        FeedPage page = parse(noData);
        assertThat(page.items()).isEmpty();
        assertThat(page.totalCount()).isEqualTo(1200);
    }

    @Test
    void aPageWithMoreItemsThanAskedForIsRefused() {
        String three = page("<item><rnum>1</rnum></item><item><rnum>2</rnum></item><item><rnum>3</rnum></item>", 3);
        assertThatThrownBy(() -> FeedPageParser.parse(
                        new java.io.ByteArrayInputStream(three.getBytes(StandardCharsets.UTF_8)),
                        3,
                        2001,
                        new FeedPageParser.Limits(1 << 20, 2)))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("more than the 2 items asked for")
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("page_too_many_items");
    }

    @Test
    void anEmptyPageHasNoItems() {
        assertThat(parse(page("", 0)).items()).isEmpty();
    }

    @Test
    void theErrorEnvelopeIsAServiceErrorAndNoneIsRetriedTheQuotaSaysWhenItResets() {
        String limit = "<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>"
                + "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR</returnAuthMsg><returnReasonCode>22"
                + "</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>";
        assertThatThrownBy(() -> parse(limit))
                .isInstanceOf(SourceException.QuotaExceeded.class)
                .isNotInstanceOf(SourceException.Transient.class)
                .hasMessageContaining("code 22")
                .hasMessageContaining("midnight KST")
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("service_code_22");

        String unregistered = limit.replace(
                        "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR", "SERVICE_KEY_IS_NOT_REGISTERED_ERROR")
                .replace(">22<", ">30<");
        assertThatThrownBy(() -> parse(unregistered))
                .isInstanceOf(SourceException.class)
                .isNotInstanceOf(SourceException.Transient.class)
                .hasMessageContaining("code 30 (SERVICE_KEY_IS_NOT_REGISTERED_ERROR)");
    }

    @Test
    void aNonZeroResultCodeFailsThePage() {
        String error = page("", 0)
                .replace(
                        "<resultCode>00</resultCode><resultMsg>NORMAL SERVICE.",
                        "<resultCode>99</resultCode><resultMsg>UNKNOWN_ERROR");
        assertThatThrownBy(() -> parse(error))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("code 99 (UNKNOWN_ERROR)");
    }

    @Test
    void brokenXmlIsMalformedButACutOffPageIsTransient() {
        String broken = page("<item><serialSeq>a</serialSeq></itme>", 1);
        assertThatThrownBy(() -> parse(broken))
                .isInstanceOf(SourceException.class)
                .isNotInstanceOf(SourceException.Transient.class)
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("malformed_xml");

        String whole = page("<item><serialSeq>a</serialSeq></item>", 1);
        String cut = whole.substring(0, whole.length() / 2);
        assertThatThrownBy(() -> parse(cut))
                .isInstanceOf(SourceException.Transient.class)
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("truncated_xml");
    }

    /** A page as the network delivers it: a few bytes at a time. */
    static java.io.InputStream trickle(String xml) {
        return new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
    }

    @Test
    void aStreamedPageIsReadAsItArrivesAndItsEndStillTellsCutFromBroken() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            items.append("<item><serialSeq>s-")
                    .append(i)
                    .append("</serialSeq><org>기관 ")
                    .append(i)
                    .append("</org></item>");
        }
        String whole = page(items.toString(), 300);
        FeedPage page = FeedPageParser.parse(trickle(whole), 3, 2001, new FeedPageParser.Limits(1 << 20, 1000));
        assertThat(page.items()).hasSize(300);
        assertThat(page.items().get(299).get("org")).isEqualTo("기관 299");

        // broken early in a long page: the rest is read to see that the document did end
        String broken = whole.replaceFirst("</item>", "</itme>");
        assertThatThrownBy(
                        () -> FeedPageParser.parse(trickle(broken), 3, 2001, new FeedPageParser.Limits(1 << 20, 1000)))
                .isNotInstanceOf(SourceException.Transient.class)
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("malformed_xml");
        String cut = whole.substring(0, whole.length() - 20);
        assertThatThrownBy(() -> FeedPageParser.parse(trickle(cut), 3, 2001, new FeedPageParser.Limits(1 << 20, 1000)))
                .isInstanceOf(SourceException.Transient.class)
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("truncated_xml");
        assertThatThrownBy(() -> FeedPageParser.parse(trickle(whole), 3, 2001, new FeedPageParser.Limits(4096, 1000)))
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("page_too_large");
    }

    @Test
    void documentsThatAreNotAPageAreRefused() {
        assertThatThrownBy(() -> parse("<html><body>Service Unavailable</body></html>"))
                .hasMessageContaining("<html> document");
        assertThatThrownBy(() -> parse(page("", 0).replace("<totalCount>0</totalCount>", "")))
                .hasMessageContaining("no totalCount");
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE response [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + page("<item><serialSeq>&x;</serialSeq></item>", 1)
                        .substring(page("", 0).indexOf("<response>"));
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(SourceException.class);
    }
}
