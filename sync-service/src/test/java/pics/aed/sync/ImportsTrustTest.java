package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;

/** Imports a person can trust: a header that is not right, or a file in two encodings, is a 400 that says why. */
@QuarkusTest
class ImportsTrustTest {

    static final Charset CP949 = Charset.forName("x-windows-949");

    static io.restassured.response.ValidatableResponse post(byte[] body) {
        return given().auth()
                .oauth2(Runs.MASTER)
                .contentType("text/csv")
                .body(body)
                .post("/api/sync/imports")
                .then();
    }

    @Test
    void aMisspelledUnknownDuplicatedOrMissingHeaderIsA400ListingThemAll() {
        long runs = Database.count("registry.sync_runs");
        String csv = "장비연번,시_도,패드_유효기간,설치기관명,설치기관명,비고\nTRUST-1,서울특별시,2029-01-31,a,a,x\n";

        post(csv.getBytes(StandardCharsets.UTF_8))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.message", hasItem(containsString("unknown column '패드_유효기간'")))
                .body("errors.message", hasItem(containsString("did you mean '패치_유효기간'")))
                .body("errors.message", hasItem(containsString("unknown column '비고'")))
                .body("errors.message", hasItem(containsString("column '설치기관명' appears more than once")))
                .body("errors.message", hasItem(containsString("required column '구_군' is missing")));

        assertThat(Database.count("registry.sync_runs")).isEqualTo(runs);
    }

    @Test
    void aFileMixingEncodingsIsA400NamingTheLine() throws IOException {
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        mixed.write("장비연번,시_도,구_군,설치기관명\n".getBytes(StandardCharsets.UTF_8));
        mixed.write("TRUST-2,서울특별시,종로구,종로구청\n".getBytes(StandardCharsets.UTF_8));
        mixed.write("TRUST-3,서울특별시,종로구,종로구청\n".getBytes(CP949));

        post(mixed.toByteArray()).statusCode(400).body("detail", containsString("line 3 is not UTF-8"));
        assertThat(Database.count("registry.devices", "equipment_serial like 'TRUST-%'"))
                .isZero();
    }

    @Test
    void bytesThatAreNeitherUtf8NorCp949AreA400NamingTheLine() throws IOException {
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        broken.write("장비연번,시_도,구_군\n".getBytes(CP949));
        broken.write("TRUST-4,서울특별시,종로구\n".getBytes(CP949));
        broken.write(new byte[] {'T', ',', (byte) 0xFF, (byte) 0xFF, '\n'});

        post(broken.toByteArray()).statusCode(400).body("detail", containsString("line 3 is neither UTF-8 nor CP949"));
    }

    @Test
    void theUploadsTemporaryFileIsRemovedOnEveryPathReplaysIncluded() throws IOException {
        List<Path> before = temporaryImports();
        String key = UUID.randomUUID().toString();
        byte[] csv = "장비연번,시_도,구_군\nTRUST-5,서울특별시,종로구\n".getBytes(StandardCharsets.UTF_8);
        String id = given().auth()
                .oauth2(Runs.MASTER)
                .header("Idempotency-Key", key)
                .contentType("text/csv")
                .body(csv)
                .post("/api/sync/imports")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Runs.await(id);
        // the replay is answered from the stored response: no run takes its copy of the file
        given().auth()
                .oauth2(Runs.MASTER)
                .header("Idempotency-Key", key)
                .contentType("text/csv")
                .body(csv)
                .post("/api/sync/imports")
                .then()
                .statusCode(202);
        // a refused file
        post("장비연번,시_도\nTRUST-6,서울특별시\n".getBytes(StandardCharsets.UTF_8)).statusCode(400);

        assertThat(temporaryImports()).containsExactlyInAnyOrderElementsOf(before);
        Database.execute("delete from registry.devices where equipment_serial like 'TRUST-%'");
    }

    @Test
    void rejectsAsCsvNeverStartACellWithAFormula() throws IOException {
        String csv = "장비연번,시_도,구_군,설치기관명\n"
                + "=HYPERLINK(\"http://x\"),서울특별시,종로구,a\n"
                + "TRUST-7,서울특별시,없는구,+1-2\n"
                + "TRUST-8,서울특별시,@SUM(A1),-3\n";
        String id = post(csv.getBytes(StandardCharsets.UTF_8))
                .statusCode(202)
                .extract()
                .path("id");
        Runs.await(id);

        String exported = given().auth()
                .oauth2(Runs.MASTER)
                .accept("text/csv")
                .get("/api/sync/runs/" + id + "/rejects")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();

        List<List<String>> rows = new ArrayList<>();
        try (var it = pics.aed.sync.source.CsvFormat.rows(new java.io.StringReader(exported))) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(4); // the header and three rejects
        assertThat(rows.get(0)).containsExactly("position", "equipmentSerial", "stage", "reason", "raw");
        assertThat(rows.stream().flatMap(List::stream))
                .noneMatch(cell -> !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0);
        assertThat(rows.get(1).get(1)).startsWith("'=HYPERLINK(");
        Database.execute("delete from registry.devices where equipment_serial like 'TRUST-%'");
    }

    static List<Path> temporaryImports() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir =
                Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "aedpics-import-*")) {
            dir.forEach(files::add);
        }
        return files;
    }
}
