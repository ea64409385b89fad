package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/**
 * The HTTP contract: runs and imports are started by master and service only; runs are read by master, service and any admin
 * (they are national); inspectors neither. A refused call is a problem and starts nothing.
 */
@QuarkusTest
class SyncRunsAccessTest {

    static final String INSPECTOR = Tokens.inspector("kim", "서울특별시", "종로구");
    static final String LOCAL_ADMIN = Tokens.localAdmin("lee", "서울특별시", "종로구");
    static final String REGIONAL_ADMIN = Tokens.regionalAdmin("park", "부산광역시");

    @Test
    void onlyMasterAndServiceStartRunsOrImports() {
        long runsBefore = Database.count("registry.sync_runs");
        for (String caller : new String[] {INSPECTOR, LOCAL_ADMIN, REGIONAL_ADMIN}) {
            given().auth()
                    .oauth2(caller)
                    .contentType(ContentType.JSON)
                    .body(Map.of("mode", "incremental"))
                    .post("/api/sync/runs")
                    .then()
                    .statusCode(403)
                    .contentType(startsWith("application/problem+json"));
            given().auth()
                    .oauth2(caller)
                    .contentType("text/csv")
                    .body(ImportAndDevicesTest.HEADER)
                    .post("/api/sync/imports")
                    .then()
                    .statusCode(403)
                    .contentType(startsWith("application/problem+json"));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("mode", "incremental"))
                .post("/api/sync/runs")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"));
        assertThat(Database.count("registry.sync_runs")).isEqualTo(runsBefore);
    }

    @Test
    void anyAdminReadsRunsAndInspectorsDoNot() {
        // a run that fails at the source: recorded like any other, and it leaves the registry as the other tests expect
        EgenSimulatorResource.simulator().faults().http500Forever(true);
        String id;
        try {
            id = Runs.run("incremental").getString("id");
        } finally {
            EgenSimulatorResource.simulator().faults().reset();
            io.smallrye.faulttolerance.api.CircuitBreakerMaintenance.get().resetAll();
        }
        for (String reader : new String[] {LOCAL_ADMIN, REGIONAL_ADMIN, Tokens.service("monitoring"), Runs.MASTER}) {
            given().auth()
                    .oauth2(reader)
                    .get("/api/sync/runs/" + id)
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id));
            given().auth().oauth2(reader).get("/api/sync/runs").then().statusCode(200);
            given().auth()
                    .oauth2(reader)
                    .get("/api/sync/runs/" + id + "/rejects")
                    .then()
                    .statusCode(200);
        }
        given().auth()
                .oauth2(INSPECTOR)
                .get("/api/sync/runs/" + id)
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"));
        given().auth().oauth2(INSPECTOR).get("/api/sync/runs").then().statusCode(403);
        given().get("/api/sync/runs").then().statusCode(401);
    }
}
