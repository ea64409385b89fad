package pics.aed.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pics.aed.egen.EgenSimulator;

/**
 * The {@code _type=json} pages give exactly what the XML pages give, page by page, as the simulator serves both (the
 * simulator is plain Java over HTTP on a free port; no Quarkus here); and the JSON shapes that are not a page fail as
 * their XML counterparts do.
 */
class JsonFeedPageParserTest {

    /** 95 devices in pages of 47: two full pages and a last page of a single item. */
    static final int DEVICES = 95;

    static final int ROWS = 47;

    static EgenSimulator egen;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        egen = EgenSimulator.start(0, DEVICES);
    }

    @AfterAll
    static void stop() {
        egen.close();
    }

    @BeforeEach
    void healthy() {
        egen.reset();
    }

    static byte[] fetch(int pageNo, FeedFormat format) throws Exception {
        String type = format.typeParameter() == null ? "" : "&_type=" + format.typeParameter();
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(egen.baseUrl() + EgenSimulator.FULL_DOWN_PATH
                                        + "?serviceKey=k&numOfRows=" + ROWS + "&pageNo=" + pageNo + type))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }

    static FeedPage parse(int pageNo, FeedFormat format) throws Exception {
        return format.parse(
                new ByteArrayInputStream(fetch(pageNo, format)),
                pageNo,
                (pageNo - 1) * ROWS + 1,
                new FeedPageParser.Limits(1 << 20, ROWS));
    }

    /** What the pipeline reads of a page: everything but the raw text of an item, which keeps its own format. */
    record Read(
            int pageNo, int totalCount, int withoutCoordinates, List<Map.Entry<Integer, Map<String, String>>> items) {
        static Read of(FeedPage page) {
            return new Read(
                    page.pageNo(),
                    page.totalCount(),
                    page.itemsWithoutCoordinates(),
                    page.items().stream()
                            .map(item -> Map.entry(item.seq(), item.fields()))
                            .toList());
        }
    }

    @Test
    void everyPageReadsTheSameInJsonAsInXmlIncludingASingleItemLastPage() throws Exception {
        // invalid records and a changed device too: whatever the feed holds, both formats carry it alike
        egen.faults().invalidRecordsEvery(10).changeDevice(3).missingCoordinatesOnPage(2);
        for (int pageNo = 1; pageNo <= 3; pageNo++) {
            FeedPage json = parse(pageNo, FeedFormat.json);
            FeedPage xml = parse(pageNo, FeedFormat.xml);

            assertThat(Read.of(json)).as("page %d", pageNo).isEqualTo(Read.of(xml));
        }
        assertThat(new String(fetch(3, FeedFormat.json), StandardCharsets.UTF_8))
                .as("the last page's single item is an object")
                .contains("\"item\":{");
        FeedPage last = parse(3, FeedFormat.json);
        assertThat(last.items()).singleElement().satisfies(item -> {
            assertThat(item.seq()).isEqualTo(95);
            assertThat(item.get("serialSeq"))
                    .isEqualTo(egen.dataset().device(94).serialSeq());
            assertThat(item.raw()).startsWith("{\"serialSeq\":");
        });
    }

    @Test
    void numbersKeepTheirTextAndNullIsAnAbsentField() {
        FeedPage page = JsonFeedPageParser.parse("""
                {"response": {"header": {"resultCode": "00", "resultMsg": "NORMAL SERVICE."},
                 "body": {"items": {"item": {"serialSeq": "11-1", "wgs84Lat": 37.50, "wgs84Lon": 126.9780,
                 "org": null, "buildPlace": "  "}}, "numOfRows": 1000, "pageNo": 3, "totalCount": "2001"}}}""".getBytes(StandardCharsets.UTF_8), 3, 2001);

        assertThat(page.totalCount()).isEqualTo(2001);
        assertThat(page.items()).singleElement().satisfies(item -> {
            assertThat(item.seq()).isEqualTo(2001);
            assertThat(item.fields()).containsEntry("wgs84Lat", "37.50").containsEntry("wgs84Lon", "126.9780");
            assertThat(item.fields()).doesNotContainKey("org");
            assertThat(item.get("buildPlace")).isNull();
        });
        assertThat(page.itemsWithoutCoordinates()).isZero();
    }

    @Test
    void noDataIsAPageWithoutItemsAsInXml() throws Exception {
        egen.faults().noDataOnPage(2);
        FeedPage json = parse(2, FeedFormat.json);

        assertThat(json.items()).isEmpty();
        assertThat(Read.of(json)).isEqualTo(Read.of(parse(2, FeedFormat.xml)));
    }

    @Test
    void anErrorResultCodeFailsAsInXml() {
        byte[] quota = """
                {"response": {"header": {"resultCode": "22", "resultMsg": "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS"}}}""".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonFeedPageParser.parse(quota, 3, 2001))
                .isInstanceOf(SourceException.QuotaExceeded.class)
                .hasMessageContaining("midnight KST");
        byte[] noResultCode = "{\"response\": {\"body\": {}}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonFeedPageParser.parse(noResultCode, 3, 2001))
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("unexpected_document");
        assertThatThrownBy(() -> JsonFeedPageParser.parse("[1]".getBytes(StandardCharsets.UTF_8), 3, 2001))
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("unexpected_document");
    }

    @Test
    void theGatewaysXmlEnvelopeToAJsonRequestIsReadAsXml() throws Exception {
        egen.faults().errorEnvelope(30);

        assertThatThrownBy(() -> parse(1, FeedFormat.json))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("code 30")
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("service_code_30");
    }

    @Test
    void aTruncatedPageIsTransientAndAMalformedOneIsNot() {
        egen.faults().truncatedXml(true);
        assertThatThrownBy(() -> parse(1, FeedFormat.json))
                .isInstanceOf(SourceException.Transient.class)
                .hasMessageContaining("ended before its JSON did")
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("truncated_json");

        egen.faults().reset().malformedXmlOnPage(1);
        assertThatThrownBy(() -> parse(1, FeedFormat.json))
                .isNotInstanceOf(SourceException.Transient.class)
                .hasMessageContaining("not well-formed JSON")
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("malformed_json");
    }

    @Test
    void aPageTooLongOrWithTooManyItemsIsRefused() throws Exception {
        byte[] page = fetch(1, FeedFormat.json);
        assertThatThrownBy(() -> JsonFeedPageParser.parse(
                        new ByteArrayInputStream(page), 1, 1, new FeedPageParser.Limits(4096, ROWS)))
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("page_too_large");
        assertThatThrownBy(() -> JsonFeedPageParser.parse(
                        new ByteArrayInputStream(page), 1, 1, new FeedPageParser.Limits(1 << 20, ROWS - 1)))
                .extracting(e -> ((SourceException) e).type())
                .isEqualTo("page_too_many_items");
    }

    @Test
    void anEmptyBodyBrokeOff() {
        assertThatThrownBy(() -> JsonFeedPageParser.parse(new byte[0], 3, 2001))
                .isInstanceOf(SourceException.Transient.class);
    }
}
