package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;
import pics.aed.testsupport.Tokens;

/** The registration export, bad input on the API, the device read API with its scopes, and the inspection consumer. */
@QuarkusTest
class ImportAndDevicesTest extends FromTheHealthyFeed {

    static final String HEADER =
            "장비연번,관리번호,시_도,구_군,관할보건소,모델명,제조사,제조일자,설치기관명,설치기관_주소," + "설치위치,경도,위도,운영현황,배터리_유효기간,패치_유효기간,최근점검일\n";
    static final String GOOD = "IMP-0001,M-IMP-1,서울특별시,종로구,종로구보건소,CU-SP1,(주)씨유메디칼시스템,2020-01-02,"
            + "종로구청,서울특별시 종로구 삼봉로 43,1층 로비,126.9790,37.5735,정상,2027-03-31,2026-01-31,2025.10.01\n";

    /*
     * Imports pass the change guard: they land in a registry of realistic size, the simulator's feed (the fixture).
     * A test removes the devices it imported, so that the next one finds the feed's registry again.
     */
    @AfterEach
    void removeImportedDevices() {
        Database.execute("delete from registry.devices where equipment_serial like 'IMP-%'");
    }

    /** IMP-0001 imported (M-IMP-1, 종로구청 in 종로구, battery 2027-03-31), for the tests about a device of the file. */
    static void importedJongnoDevice() {
        JsonPath run = Runs.imported("text/csv", (HEADER + GOOD).getBytes(StandardCharsets.UTF_8));
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("succeeded");
        assertThat(run.getLong("inserted")).isEqualTo(1);
    }

    static long runs() {
        return Database.count("registry.sync_runs");
    }

    @Test
    void importLandsValidRowsAndRejectsInvalidOnesWithReasons() {
        String csv = HEADER + GOOD
                + "IMP-0002,,서울특별시,종로구,,,,,,,,126.97,12.5,,,,\n"
                + "IMP-0001,,서울특별시,종로구,,,,,다른 이름,,,,,,,,\n"
                + "IMP-0003,,서울특별시,없는구,,,,,,,,,,,,,\n"
                + "IMP-0004,,부산광역시,해운대구,,,,2020-13-45,,,,,,,,,\n";
        // CP949, as Korean Excel writes it
        String id = given().auth()
                .oauth2(Runs.MASTER)
                .contentType("text/csv")
                .body(csv.getBytes(Charset.forName("x-windows-949")))
                .post("/api/sync/imports")
                .then()
                .statusCode(202)
                .body("mode", equalTo("import"))
                .extract()
                .path("id");
        JsonPath run = Runs.await(id);

        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getLong("fetched")).isEqualTo(5);
        assertThat(run.getLong("inserted")).isEqualTo(1);
        assertThat(run.getLong("rejected")).isEqualTo(4);
        Map<String, Object> row = Database.rows("select * from registry.devices where equipment_serial = 'IMP-0001'")
                .get(0);
        assertThat(row.get("institution")).isEqualTo("종로구청");
        assertThat(row.get("management_number")).isEqualTo("M-IMP-1");
        assertThat(row.get("battery_expiry_date").toString()).isEqualTo("2027-03-31");
        assertThat(row.get("last_inspection_date").toString()).isEqualTo("2025-10-01");
        assertThat(Database.count("registry.devices", "equipment_serial in ('IMP-0002','IMP-0003','IMP-0004')"))
                .isZero();

        List<Map<String, Object>> rejects = given().auth()
                .oauth2(Runs.MASTER)
                .get("/api/sync/runs/" + id + "/rejects")
                .then()
                .statusCode(200)
                .body("total", equalTo(4))
                .extract()
                .path("items");
        assertThat(rejects)
                .extracting(r -> r.get("equipmentSerial") + " " + r.get("stage") + " " + r.get("reason"))
                .containsExactly(
                        "IMP-0002 business coordinates 37.5735, 12.5 are outside Korea (33–39°N, 124–132°E)"
                                .replace("37.5735, 12.5", "12.5, 126.97"),
                        "IMP-0001 business duplicate serial: record 1 of this run has it too (the first is kept)",
                        "IMP-0003 business unknown gugun '없는구' in 서울특별시",
                        "IMP-0004 format 제조일자 '2020-13-45' is not a date (yyyy-mm-dd)");
        assertThat(rejects.get(2).get("raw")).isEqualTo("IMP-0003,,서울특별시,없는구,,,,,,,,,,,,,");
    }

    @Test
    void htmlTableXlsImportFillsFieldsOfKnownDevices() {
        importedJongnoDevice();
        String html = "<html><body><table border=1><tr><th>장비연번</th><th>시_도</th><th>구_군</th><th>패치_유효기간</th>"
                + "</tr><tr><td>IMP-0001</td><td>서울특별시</td><td>종로구</td><td>2028-02-29</td></tr></table></body></html>";
        JsonPath run = Runs.imported("application/vnd.ms-excel", html.getBytes(StandardCharsets.UTF_8));

        assertThat(run.getLong("updated")).isEqualTo(1);
        assertThat(Database.<Object>scalar(
                        "select pad_expiry_date::text from registry.devices" + " where equipment_serial = 'IMP-0001'"))
                .isEqualTo("2028-02-29");
        // columns the file does not have are left alone
        assertThat(Database.<Object>scalar("select battery_expiry_date::text from registry.devices"
                        + " where equipment_serial = 'IMP-0001'"))
                .isEqualTo("2027-03-31");
    }

    @Test
    void badImportsAreProblemsAndChangeNothing() {
        long before = runs();
        given().auth()
                .oauth2(Runs.MASTER)
                .contentType("text/csv")
                .body("이름,주소\n가,나\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/sync/imports")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://aed.pics/problems/validation"));
        given().auth()
                .oauth2(Runs.MASTER)
                .contentType("text/csv")
                .body("장비연번,모델명\nX-1,A\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/sync/imports")
                .then()
                .statusCode(400)
                .body(
                        "errors.message",
                        org.hamcrest.Matchers.containsInAnyOrder(
                                "required column '시_도' is missing", "required column '구_군' is missing"));
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        given().auth()
                .oauth2(Runs.MASTER)
                .contentType("application/octet-stream")
                .body(garbage)
                .post("/api/sync/imports")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(Runs.MASTER)
                .contentType("text/csv")
                .body(new byte[0])
                .post("/api/sync/imports")
                .then()
                .statusCode(400);
        assertThat(upload50MiB()).startsWith("413 ").contains("https://aed.pics/problems/payload-too-large");
        // roles: an inspector may not import or start runs
        given().auth()
                .oauth2(Tokens.inspector("kim", "서울특별시", "종로구"))
                .contentType("text/csv")
                .body((HEADER + GOOD).getBytes(StandardCharsets.UTF_8))
                .post("/api/sync/imports")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Runs.MASTER)
                .contentType("application/json")
                .body("{\"mode\":\"sometimes\"}")
                .post("/api/sync/runs")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(Runs.MASTER)
                .contentType("application/json")
                .body("{}")
                .post("/api/sync/runs")
                .then()
                .statusCode(400);
        assertThat(runs()).isEqualTo(before);
    }

    /** 50 MiB of zeros, streamed (never a 50 MiB array in the test JVM), with its Content-Length announced. */
    static String upload50MiB() {
        long size = 50L * 1024 * 1024;
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                + "/api/sync/imports"))
                .header("Authorization", "Bearer " + Runs.MASTER)
                .header("Content-Type", "text/csv")
                .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                        java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
                            long left = size;

                            @Override
                            public int read() {
                                return left-- > 0 ? 0 : -1;
                            }

                            @Override
                            public int read(byte[] b, int off, int len) {
                                if (left <= 0) {
                                    return -1;
                                }
                                int n = (int) Math.min(len, left);
                                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                                left -= n;
                                return n;
                            }
                        }),
                        size))
                .build();
        try {
            java.net.http.HttpResponse<String> response =
                    client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (java.io.IOException e) {
            throw new AssertionError("the server should answer 413, not drop the connection", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void devicesAreReadWithinTheCallersScope() {
        importedJongnoDevice();
        String own = Tokens.inspector("kim", "서울특별시", "종로구");
        String other = Tokens.inspector("lee", "서울특별시", "강남구");
        given().auth()
                .oauth2(own)
                .get("/api/devices/IMP-0001")
                .then()
                .statusCode(200)
                .body("equipmentSerial", equalTo("IMP-0001"))
                .body("dataStatus", equalTo("active"))
                .body("institution", equalTo("종로구청"))
                .body("batteryExpiryDate", equalTo("2027-03-31"));
        given().auth()
                .oauth2(other)
                .get("/api/devices/IMP-0001")
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().auth()
                .oauth2(Tokens.regionalAdmin("park", "서울특별시"))
                .get("/api/devices/IMP-0001")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(Tokens.regionalAdmin("choi", "부산광역시"))
                .get("/api/devices/IMP-0001")
                .then()
                .statusCode(404);
        given().get("/api/devices/IMP-0001").then().statusCode(401);

        given().auth()
                .oauth2(own)
                .queryParam("q", "종로구청")
                .get("/api/devices")
                .then()
                .statusCode(200)
                .body("items.equipmentSerial", org.hamcrest.Matchers.hasItem("IMP-0001"));
        given().auth()
                .oauth2(other)
                .queryParam("q", "종로구청")
                .queryParam("sido", "서울특별시")
                .get("/api/devices")
                .then()
                .statusCode(200)
                .body("items.equipmentSerial", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("IMP-0001")));
        given().auth()
                .oauth2(own)
                .queryParam("latitude", 37.5736)
                .queryParam("longitude", 126.9791)
                .queryParam("radiusMeters", 500)
                .get("/api/devices/nearby")
                .then()
                .statusCode(200)
                .body("items[0].equipmentSerial", equalTo("IMP-0001"))
                .body("items[0].distanceMeters", org.hamcrest.Matchers.lessThan(20f));
    }

    @Test
    void badQueryParametersAre400() {
        String master = Runs.MASTER;
        for (Map<String, String> params : List.of(
                Map.of("size", "0"),
                Map.of("size", "501"),
                Map.of("page", "-1"),
                Map.of("page", "x"),
                Map.of("dataStatus", "gone"))) {
            given().auth()
                    .oauth2(master)
                    .queryParams(params)
                    .get("/api/devices")
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("https://aed.pics/problems/validation"));
        }
        for (Map<String, Object> params : List.<Map<String, Object>>of(
                Map.of("latitude", 37.5),
                Map.of("latitude", 37.5, "longitude", 127, "radiusMeters", 5001),
                Map.of("latitude", "north", "longitude", 127),
                Map.of("latitude", 95, "longitude", 127))) {
            given().auth()
                    .oauth2(master)
                    .queryParams(params)
                    .get("/api/devices/nearby")
                    .then()
                    .statusCode(400);
        }
        given().auth()
                .oauth2(master)
                .queryParam("limit", "0")
                .get("/api/sync/runs")
                .then()
                .statusCode(400);
        given().auth().oauth2(master).get("/api/sync/runs/not-a-uuid").then().statusCode(404);
    }

    @Test
    void aCompletedInspectionSetsTheLastInspectionDateAndCorrectedExpiry() {
        importedJongnoDevice();
        String eventId = java.util.UUID.randomUUID().toString();
        // 23:30 UTC on 1 Nov is 2 Nov in Korea
        String data = "{\"sessionId\":\"s1\",\"inspectionId\":\"i1\",\"equipmentSerial\":\"IMP-0001\","
                + "\"inspectorId\":\"kim\",\"completedAt\":\"2026-11-01T23:30:00Z\",\"overallStatus\":\"pass\","
                + "\"batteryStatus\":\"good\",\"padStatus\":\"replaced\",\"operationStatus\":\"normal\","
                + "\"batteryExpiryDate\":null,\"padExpiryDate\":\"2029-05-31\"}";
        Map<String, String> headers = Map.of(
                "ce_specversion",
                "1.0",
                "ce_id",
                eventId,
                "ce_source",
                "/aedpics/sessions-service",
                "ce_type",
                "pics.aed.session.completed",
                "ce_subject",
                "IMP-0001",
                "ce_time",
                "2026-11-01T23:30:00Z");
        KafkaEvents.publish(Topics.SESSIONS, "IMP-0001", data, headers);
        KafkaEvents.publish(Topics.SESSIONS, "IMP-0001", data, headers); // redelivery

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"2026-11-02"
                        .equals(Database.scalar("select last_inspection_date::text from registry.devices"
                                + " where equipment_serial = 'IMP-0001'"))
                && System.nanoTime() < deadline) {
            Runs.sleep(100);
        }
        Map<String, Object> row = Database.rows("select last_inspection_date::text as l, pad_expiry_date::text as p,"
                        + " battery_expiry_date::text as b from registry.devices where equipment_serial = 'IMP-0001'")
                .get(0);
        assertThat(row)
                .containsEntry("l", "2026-11-02")
                .containsEntry("p", "2029-05-31")
                .containsEntry("b", "2027-03-31");
        List<KafkaEvents.Event> snapshots = KafkaEvents.awaitRecords(
                Topics.DEVICES,
                e -> "IMP-0001".equals(e.key()) && e.value().contains("2029-05-31"),
                1,
                Duration.ofSeconds(30));
        assertThat(snapshots).hasSize(1);
        assertThat(Database.count("registry.processed_events", "event_id = ?", eventId))
                .isEqualTo(1);
    }

    @Test
    void multipartImportAsThePortalUploadSendsIt() {
        String csv = "장비연번,시_도,구_군,설치기관명,배터리_유효기간\nIMP-0100,서울특별시,종로구,종로구청,2029-01-31\n";
        String id = given().auth()
                .oauth2(Runs.MASTER)
                .multiPart("file", "registration-export.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/sync/imports")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath run = Runs.await(id);

        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getLong("inserted")).isEqualTo(1);
        assertThat(Database.<Object>scalar("select battery_expiry_date::text from registry.devices"
                        + " where equipment_serial = 'IMP-0100'"))
                .isEqualTo("2029-01-31");
        // a multipart request without the file field is a validation problem and starts no run
        long runs = Database.count("registry.sync_runs");
        given().auth()
                .oauth2(Runs.MASTER)
                .multiPart("other", "x")
                .post("/api/sync/imports")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertThat(Database.count("registry.sync_runs")).isEqualTo(runs);
    }

    @Test
    void aManagementNumberAlreadyTakenIsRejectedAtTheDatabaseStage() {
        importedJongnoDevice();
        // IMP-0001 holds M-IMP-1. In one file: a device claiming it; a number claimed twice on the first
        // page; and one claimed on the first page and again on the second (the export is staged 1,000 rows a page)
        StringBuilder csv = new StringBuilder(HEADER)
                .append("IMP-0201,M-IMP-1,서울특별시,종로구,,,,,,,,,,,,,\n")
                .append("IMP-0202,M-TWICE,서울특별시,종로구,,,,,,,,,,,,,\n")
                .append("IMP-0203,M-TWICE,서울특별시,종로구,,,,,,,,,,,,,\n")
                .append("IMP-0204,M-PAGES,서울특별시,종로구,,,,,,,,,,,,,\n");
        for (int i = 5; i <= 1000; i++) {
            csv.append("IMP-%04d,,서울특별시,종로구,,,,,,,,,,,,,\n".formatted(1000 + i));
        }
        csv.append("IMP-0205,M-PAGES,서울특별시,종로구,,,,,,,,,,,,,\n");
        // a thousand new devices in a registry of 3,000: the operator lifts the change guard for this import
        String id = given().auth()
                .oauth2(Runs.MASTER)
                .contentType("text/csv")
                .queryParam("overrideGuards", "too-many-changes")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/sync/imports")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath run = Runs.await(id);

        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getList("overriddenGuards")).containsExactly("too-many-changes");
        assertThat(run.getLong("fetched")).isEqualTo(1001);
        assertThat(run.getLong("rejected")).isEqualTo(3);
        assertThat(run.getLong("inserted")).isEqualTo(998);
        List<Map<String, Object>> rejects = given().auth()
                .oauth2(Runs.MASTER)
                .get("/api/sync/runs/" + id + "/rejects")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .extract()
                .path("items");
        assertThat(rejects)
                .extracting(r -> r.get("equipmentSerial") + " " + r.get("stage") + " " + r.get("reason"))
                .containsExactly(
                        "IMP-0201 database management number M-IMP-1 already belongs to another device",
                        "IMP-0203 database management number M-TWICE already belongs to another device",
                        "IMP-0205 database management number M-PAGES already belongs to another device");
        assertThat(Database.<String>scalar(
                        "select equipment_serial from registry.devices" + " where management_number = 'M-IMP-1'"))
                .isEqualTo("IMP-0001");
        assertThat(Database.count("registry.devices", "management_number in ('M-TWICE', 'M-PAGES')"))
                .isEqualTo(2);
        assertThat(Database.count("registry.devices", "equipment_serial in ('IMP-0201', 'IMP-0203', 'IMP-0205')"))
                .isZero();
    }

    @Test
    void aNulCharacterRejectsItsRecordNotTheImport() {
        String csv = HEADER + "IMP-0301,,서울특별시,종로구,,,,,종로\u0000구청,,,,,,,,\n" + "IMP-0302,,서울특별시,종로구,,,,,종로구청,,,,,,,,\n";
        JsonPath run = Runs.imported("text/csv", csv.getBytes(StandardCharsets.UTF_8));
        String id = run.getString("id");

        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getLong("inserted")).isEqualTo(1);
        assertThat(run.getLong("rejected")).isEqualTo(1);
        given().auth()
                .oauth2(Runs.MASTER)
                .get("/api/sync/runs/" + id + "/rejects")
                .then()
                .statusCode(200)
                .body("items[0].equipmentSerial", equalTo("IMP-0301"))
                .body("items[0].stage", equalTo("format"))
                .body("items[0].reason", equalTo("설치기관명 contains a NUL character"))
                .body("items[0].raw", equalTo("IMP-0301,,서울특별시,종로구,,,,,종로\uFFFD구청,,,,,,,,"));
        assertThat(Database.count("registry.devices", "equipment_serial = 'IMP-0302'"))
                .isEqualTo(1);
    }
}
