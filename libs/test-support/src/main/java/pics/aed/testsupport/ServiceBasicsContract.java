package pics.aed.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every aedpics service must do, whatever its domain: migrate its own schema, report health, metrics and its
 * OpenAPI, and answer unknown routes and unauthenticated calls with problems. A service's test extends this with
 * {@code @QuarkusTest} and names its schema.
 */
public abstract class ServiceBasicsContract {

    private final String schema;
    private final String applicationName;

    protected ServiceBasicsContract(String schema, String applicationName) {
        this.schema = schema;
        this.applicationName = applicationName;
    }

    @Test
    void migratesItsOwnSchemaWithItsOwnHistory() {
        List<Object> versions = Database.rows("SELECT version FROM " + schema
                        + ".flyway_schema_history WHERE success ORDER BY installed_rank")
                .stream()
                .map(row -> row.get("version"))
                .toList();
        assertThat(versions).contains("0.1");
        for (String table : List.of("outbox", "idempotency_keys", "processed_events")) {
            long found =
                    Database.count("information_schema.tables", "table_schema = ? AND table_name = ?", schema, table);
            assertThat(found).as(schema + "." + table).isEqualTo(1);
        }
    }

    @Test
    void isLiveAndReadyWithItsDatabaseAndReportsKafkaSeparately() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check"))
                .body("checks.name", not(hasItems("Kafka connection health check")));
        // the broker's state is reported, but it never takes the service out of traffic (events wait in the outbox)
        given().get("/q/health/well").then().statusCode(200).body("checks.name", hasItems("Kafka broker"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().get("/api/does-not-exist").then().statusCode(404);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains(
                        "jvm_memory_used_bytes",
                        "aedpics_outbox_pending",
                        "http_server_requests_seconds_bucket",
                        "http_server_requests_seconds{",
                        "quantile=\"0.99\"");
    }

    @Test
    void servesItsOpenApiAndSwaggerUi() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("aedpics " + applicationName));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void unknownRoutesAreProblems() {
        given().get("/api/does-not-exist").then().statusCode(404).contentType("application/problem+json");
    }
}
