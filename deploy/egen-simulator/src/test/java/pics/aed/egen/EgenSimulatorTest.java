package pics.aed.egen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class EgenSimulatorTest {

    private static final int DEVICES = 95;
    private static final Set<String> ITEM_FIELDS = Set.of(
            "serialSeq",
            "org",
            "buildAddress",
            "buildPlace",
            "clerkTel",
            "manager",
            "managerTel",
            "mfg",
            "model",
            "wgs84Lat",
            "wgs84Lon",
            "zipcode1",
            "zipcode2",
            "sido",
            "gugun",
            "monSttTme",
            "monEndTme",
            "tueSttTme",
            "tueEndTme",
            "wedSttTme",
            "wedEndTme",
            "thuSttTme",
            "thuEndTme",
            "friSttTme",
            "friEndTme",
            "satSttTme",
            "satEndTme",
            "sunSttTme",
            "sunEndTme",
            "holSttTme",
            "holEndTme");
    private static final Set<String> SIDO = Set.of(
            "서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시", "경기도", "강원특별자치도", "충청북도", "충청남도",
            "전북특별자치도", "전라남도", "경상북도", "경상남도", "제주특별자치도");

    private static EgenSimulator sim;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        sim = EgenSimulator.start(0, DEVICES);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> post(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> page(int pageNo, int rows) throws Exception {
        return get(
                EgenSimulator.FULL_DOWN_PATH + "?serviceKey=test%2Bkey%3D%3D&pageNo=" + pageNo + "&numOfRows=" + rows);
    }

    private static Document parse(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null); // no "[Fatal Error]" lines on stderr; the exception says it all
        return b.parse(new ByteArrayInputStream(body));
    }

    private static String text(Document doc, String tag) {
        NodeList nl = doc.getElementsByTagName(tag);
        return nl.getLength() == 0 ? null : nl.item(0).getTextContent();
    }

    private static List<Element> items(Document doc) {
        NodeList nl = doc.getElementsByTagName("item");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    private static String field(Element item, String name) {
        NodeList nl = item.getElementsByTagName(name);
        return nl.getLength() == 0 ? null : nl.item(0).getTextContent();
    }

    @Test
    void pageHasTheDataGoKrShape() throws Exception {
        HttpResponse<byte[]> res = page(1, 20);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).contains("xml"));
        Document doc = parse(res.body());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("response");
        assertThat(text(doc, "resultCode")).isEqualTo("00");
        assertThat(text(doc, "resultMsg")).isEqualTo("NORMAL SERVICE.");
        assertThat(text(doc, "numOfRows")).isEqualTo("20");
        assertThat(text(doc, "pageNo")).isEqualTo("1");
        assertThat(text(doc, "totalCount")).isEqualTo(String.valueOf(DEVICES));
        // header, then body with items, numOfRows, pageNo, totalCount
        assertThat(childNames(root)).containsExactly("header", "body");
        Element body = (Element) doc.getElementsByTagName("body").item(0);
        assertThat(childNames(body)).containsExactly("items", "numOfRows", "pageNo", "totalCount");

        List<Element> items = items(doc);
        assertThat(items).hasSize(20);
        for (Element item : items) {
            List<String> names = childNames(item);
            assertThat(ITEM_FIELDS).containsAll(names);
            assertThat(names).contains("serialSeq", "org", "buildAddress", "sido", "gugun", "mfg", "model");
            for (String n : names) {
                assertThat(field(item, n)).as(n).isNotBlank(); // empty fields are omitted, never empty
            }
            assertThat(field(item, "serialSeq")).matches("\\d{3}-\\d{6}-\\d{6}");
            assertThat(SIDO).contains(field(item, "sido"));
            assertThat(field(item, "buildAddress")).startsWith(field(item, "sido"));
            if (field(item, "wgs84Lat") != null) {
                assertThat(Double.parseDouble(field(item, "wgs84Lat"))).isBetween(33.0, 39.0);
                assertThat(Double.parseDouble(field(item, "wgs84Lon"))).isBetween(124.0, 132.0);
            }
            String start = field(item, "monSttTme");
            if (start != null) {
                assertThat(start).matches("\\d{4}");
            }
        }
    }

    @Test
    void datasetMatchesThePageAndCoversTheCountry() {
        Dataset big = new Dataset(20_000);
        Set<String> sido = new HashSet<>();
        Set<String> serials = new HashSet<>();
        int withCoordinates = 0;
        for (int i = 0; i < big.size(); i++) {
            Dataset.Device d = big.device(i);
            sido.add(d.sido());
            serials.add(d.serialSeq());
            if (d.wgs84Lat() != null) {
                withCoordinates++;
                Regions.Sido s = Regions.ALL.stream()
                        .filter(r -> r.name().equals(d.sido()))
                        .findFirst()
                        .orElseThrow();
                assertThat(Double.parseDouble(d.wgs84Lat())).isBetween(s.minLat(), s.maxLat());
                assertThat(Double.parseDouble(d.wgs84Lon())).isBetween(s.minLon(), s.maxLon());
            }
        }
        assertThat(sido).isEqualTo(SIDO);
        assertThat(serials).hasSize(big.size());
        assertThat(withCoordinates).isGreaterThan(big.size() * 98 / 100);
        // a smaller data set is a prefix of a larger one
        assertThat(new Dataset(10).device(7)).isEqualTo(big.device(7));
    }

    @Test
    void sameBytesEveryTime() throws Exception {
        byte[] first = page(2, 30).body();
        byte[] again = page(2, 30).body();
        assertThat(again).isEqualTo(first);
        try (EgenSimulator other = EgenSimulator.start(0, DEVICES)) {
            HttpResponse<byte[]> res = http.send(
                    HttpRequest.newBuilder(URI.create(other.baseUrl() + EgenSimulator.FULL_DOWN_PATH
                                    + "?serviceKey=other&pageNo=2&numOfRows=30"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(res.body()).isEqualTo(first);
        }
        // Pin the data set: a change to the generator shows up here (update the digest deliberately).
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(page(1, DEVICES).body());
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(PINNED_DIGEST);
    }

    /** SHA-256 of page 1 with numOfRows = 95 of the 95-device data set. */
    static final String PINNED_DIGEST = "80c4ec9049a30066148e6eb86b8db74f20f337e48f3e112668e3cd09c20ce730";

    @Test
    void pagingCoversEveryDeviceOnce() throws Exception {
        List<String> serials = new ArrayList<>();
        for (int p = 1; p <= 10; p++) {
            Document doc = parse(page(p, 10).body());
            assertThat(text(doc, "totalCount")).isEqualTo("95");
            assertThat(text(doc, "pageNo")).isEqualTo(String.valueOf(p));
            List<Element> items = items(doc);
            assertThat(items).hasSize(p < 10 ? 10 : 5);
            items.forEach(i -> serials.add(field(i, "serialSeq")));
        }
        assertThat(serials)
                .hasSize(95)
                .doesNotHaveDuplicates()
                .isEqualTo(sim.dataset().serials());
        Document beyond = parse(page(11, 10).body());
        assertThat(items(beyond)).isEmpty();
        assertThat(text(beyond, "totalCount")).isEqualTo("95");
        // default page size is 10
        Document dflt =
                parse(get(EgenSimulator.FULL_DOWN_PATH + "?serviceKey=k").body());
        assertThat(items(dflt)).hasSize(10);
        assertThat(text(dflt, "pageNo")).isEqualTo("1");
    }

    @Test
    void missingOrBlankServiceKeyGetsTheErrorEnvelope() throws Exception {
        for (String q : List.of("?pageNo=1&numOfRows=10", "?serviceKey=&pageNo=1", "?serviceKey=%20")) {
            HttpResponse<byte[]> res = get(EgenSimulator.FULL_DOWN_PATH + q);
            assertThat(res.statusCode()).isEqualTo(200);
            String body = new String(res.body(), StandardCharsets.UTF_8);
            assertThat(body)
                    .endsWith("<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>"
                            + "<returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg>"
                            + "<returnReasonCode>30</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>");
            parse(res.body());
        }
    }

    @Test
    void http500ThenRecovers() throws Exception {
        sim.faults().http500(2);
        assertThat(page(1, 5).statusCode()).isEqualTo(500);
        assertThat(page(1, 5).statusCode()).isEqualTo(500);
        assertThat(page(1, 5).statusCode()).isEqualTo(200);
    }

    @Test
    void faultsOverHttp() throws Exception {
        assertThat(get("/simulator/health").statusCode()).isEqualTo(200);

        HttpResponse<String> set = post("/simulator/faults?errorCode=22&errorPage=2&missingCoordinatesPage=1");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("\"errorCode\":22", "\"errorPage\":2", "\"missingCoordinatesPage\":1");

        Document p1 = parse(page(1, 20).body());
        assertThat(items(p1)).hasSize(20).allSatisfy(i -> {
            assertThat(field(i, "wgs84Lat")).isNull();
            assertThat(field(i, "wgs84Lon")).isNull();
        });
        String p2 = new String(page(2, 20).body(), StandardCharsets.UTF_8);
        assertThat(p2)
                .contains(
                        "<returnReasonCode>22</returnReasonCode>", "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR");
        assertThat(parse(page(3, 20).body()).getDocumentElement().getTagName()).isEqualTo("response");

        assertThat(post("/simulator/faults?bogus=1").statusCode()).isEqualTo(400);
        assertThat(post("/simulator/faults?errorCode=23").statusCode()).isEqualTo(400);
        assertThat(post("/simulator/reset").statusCode()).isEqualTo(200);
        assertThat(new String(page(2, 20).body(), StandardCharsets.UTF_8)).contains("<resultCode>00</resultCode>");
    }

    @Test
    void malformedAndTruncatedXmlDoNotParse() throws Exception {
        sim.faults().malformedXmlOnPage(2);
        assertThatThrownBy(() -> parse(page(2, 10).body())).isInstanceOf(org.xml.sax.SAXParseException.class);
        parse(page(1, 10).body());

        sim.faults().reset().truncatedXml(true);
        HttpResponse<byte[]> res = page(1, 10);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(new String(res.body(), StandardCharsets.UTF_8)).doesNotContain("</response>");
        assertThatThrownBy(() -> parse(res.body())).isInstanceOf(org.xml.sax.SAXParseException.class);
    }

    private static String jsonPage(int pageNo, int rows) throws Exception {
        HttpResponse<byte[]> res =
                get(EgenSimulator.FULL_DOWN_PATH + "?serviceKey=k&_type=json&pageNo=" + pageNo + "&numOfRows=" + rows);
        assertThat(res.statusCode()).isEqualTo(200);
        return new String(res.body(), StandardCharsets.UTF_8);
    }

    @Test
    void jsonPagesHaveTheDataGoKrShapeWithASingleItemAsAnObject() throws Exception {
        // 95 devices in pages of 47: 47, 47 and a last page of one
        String first = jsonPage(1, 47);
        assertThat(first)
                .startsWith("{\"response\":{\"header\":{\"resultCode\":\"00\",\"resultMsg\":\"NORMAL SERVICE.\"},")
                .contains("\"body\":{\"items\":{\"item\":[{\"serialSeq\":\""
                        + sim.dataset().device(0).serialSeq())
                .endsWith("]},\"numOfRows\":47,\"pageNo\":1,\"totalCount\":95}}}");
        String last = jsonPage(3, 47);
        assertThat(last)
                .contains("\"items\":{\"item\":{\"serialSeq\":\""
                        + sim.dataset().device(94).serialSeq() + "\"")
                .doesNotContain("[");
        // coordinates are numbers, as data.go.kr writes them
        Dataset.Device located = java.util.stream.IntStream.range(0, 47)
                .mapToObj(sim.dataset()::device)
                .filter(d -> d.wgs84Lat() != null)
                .findFirst()
                .orElseThrow();
        assertThat(first).contains("\"wgs84Lat\":" + located.wgs84Lat() + ",");
        // the same page in XML holds the same serial
        assertThat(new String(page(3, 47).body(), StandardCharsets.UTF_8))
                .contains("<serialSeq>" + sim.dataset().device(94).serialSeq() + "</serialSeq>");
        sim.faults().noDataOnPage(2);
        assertThat(jsonPage(2, 47)).contains("\"resultCode\":\"03\"").contains("\"items\":\"\"");
        // the gateway's errors stay XML, and an API without JSON answers XML
        sim.faults().reset().errorEnvelope(30);
        assertThat(jsonPage(1, 47)).startsWith(FeedWriter.XML_DECLARATION).contains("<returnReasonCode>30");
        sim.faults().reset().xmlOnly(true);
        assertThat(jsonPage(1, 47)).startsWith(FeedWriter.XML_DECLARATION).contains("<items><item>");
    }

    @Test
    void malformedAndTruncatedJsonAreBrokenToo() throws Exception {
        sim.faults().malformedXmlOnPage(1);
        assertThat(jsonPage(1, 10)).contains("}},{");
        sim.faults().reset().truncatedXml(true);
        String serial = sim.dataset().device(5).serialSeq();
        assertThat(jsonPage(1, 10)).endsWith("{\"serialSeq\":\"" + serial.substring(0, serial.length() / 2));
    }

    @Test
    void slowPageIsSlow() throws Exception {
        sim.faults().slowPage(1, 600);
        long t0 = System.nanoTime();
        page(1, 1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void droppingAShareShrinksTheFeed() throws Exception {
        sim.faults().dropShare(0.3);
        Document doc = parse(page(1, 200).body());
        int total = Integer.parseInt(text(doc, "totalCount"));
        assertThat(total).isBetween(50, 85);
        List<String> served =
                items(doc).stream().map(i -> field(i, "serialSeq")).toList();
        assertThat(served).hasSize(total);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            if (!EgenSimulator.isDropped(i, 0.3)) {
                expected.add(sim.dataset().device(i).serialSeq());
            }
        }
        assertThat(served).isEqualTo(expected);
    }

    @Test
    void deliberatelyInvalidRecordsAndAChangedDevice() throws Exception {
        sim.faults().invalidRecordsEvery(10).changeDevice(3);
        List<Element> items = items(parse(page(1, 40).body()));
        Dataset.Device ninth = sim.dataset().device(9);
        assertThat(field(items.get(9), "wgs84Lat")).isEqualTo("51.5072"); // outside Korea
        assertThat(field(items.get(19), "gugun")).isEqualTo("가상구"); // unknown gugun
        assertThat(field(items.get(29), "serialSeq")) // the previous serial again
                .isEqualTo(sim.dataset().device(28).serialSeq());
        assertThat(field(items.get(39), "sido"))
                .isEqualTo(sim.dataset().device(39).sido());
        assertThat(field(items.get(39), "wgs84Lat"))
                .isNotEqualTo(sim.dataset().device(39).wgs84Lat());
        assertThat(field(items.get(3), "buildPlace")).endsWith("(이전 설치)");
        assertThat(field(items.get(8), "serialSeq"))
                .isEqualTo(sim.dataset().device(8).serialSeq());
        assertThat(ninth.wgs84Lat()).isNotEqualTo("51.5072"); // the dataset itself is intact

        sim.faults().reset();
        assertThat(field(items(parse(page(1, 40).body())).get(9), "wgs84Lat")).isEqualTo(ninth.wgs84Lat());
    }

    @Test
    void aShareOfChangedDevicesAndABlankedFieldOverHttp() throws Exception {
        HttpResponse<String> set = post("/simulator/faults?changeShare=0.25&blankField=mfg");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("\"changeShare\":0.25", "\"blankField\":\"mfg\"");

        List<Element> items = items(parse(page(1, DEVICES).body()));
        assertThat(items)
                .hasSize(DEVICES)
                .allSatisfy(i -> assertThat(field(i, "mfg")).isNull());
        long changed = items.stream().filter(EgenSimulatorTest::servedEdited).count();
        assertThat(changed).isBetween(DEVICES / 8L, DEVICES / 2L);
        for (int i = 0; i < DEVICES; i++) {
            assertThat(servedEdited(items.get(i))).as("device %d", i).isEqualTo(EgenSimulator.isChanged(i, 0.25));
        }

        assertThat(post("/simulator/faults?blankField=sido").statusCode()).isEqualTo(400);
        assertThat(post("/simulator/faults?changeShare=1.5").statusCode()).isEqualTo(400);
        assertThat(post("/simulator/reset").statusCode()).isEqualTo(200);
        assertThat(field(items(parse(page(1, 5).body())).get(0), "mfg"))
                .isEqualTo(sim.dataset().device(0).mfg());
    }

    private static boolean servedEdited(Element item) {
        String place = field(item, "buildPlace");
        return place != null && place.endsWith("(이전 설치)");
    }

    private static List<String> childNames(Element e) {
        List<String> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c.getTagName());
            }
        }
        return out;
    }
}
