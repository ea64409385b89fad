package pics.aed.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.VertxException;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import pics.aed.platform.problem.ProblemMappers;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/**
 * PostgreSQL going away (a restart: its backends terminated, new connections refused) answers 503 problems with
 * Retry-After, never 500: the fault suite's PostgreSQL restart found two 500s among the 503s.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String UNAVAILABLE = "https://aed.pics/problems/unavailable";

    private final String token = Tokens.inspector("outage-" + UUID.randomUUID(), "서울특별시", "종로구");

    private Response create(String name, String query) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .post("/test/widgets" + query);
    }

    private static void assertUnavailable(Response answer) {
        assertThat(answer.statusCode()).as(answer.body().asString()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
        assertThat(answer.jsonPath().getString("type")).isEqualTo(UNAVAILABLE);
        assertThat(answer.header("Retry-After")).isNotBlank();
    }

    /** What a fast shutdown does to a query in flight: its backend ends with 57P01 admin_shutdown. */
    @Test
    void aQueryWhoseBackendIsTerminatedIs503() throws Exception {
        String name = "terminated-" + UUID.randomUUID();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> create(name, "?slowMillis=60000"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Database.count(
                                "pg_stat_activity",
                                "query LIKE 'SELECT pg_sleep%' AND state = 'active' AND pid <> pg_backend_pid()")
                        == 1);
        Database.rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active' AND pid <> pg_backend_pid()");

        assertUnavailable(answer.get());
        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isZero();
    }

    /**
     * While PostgreSQL restarts, the pool's connections are gone and new ones are refused. Refused here by the
     * database's connection limit (53300 too_many_connections: this role is no superuser, so it cannot stop the
     * shared server); before the fix that SQLSTATE escaped the mappers as a 500.
     */
    @Test
    void refusedConnectionsAre503AndTheServiceRecovers() throws Exception {
        String name = "refused-" + UUID.randomUUID();
        try (Connection admin = Database.connect();
                Statement sql = admin.createStatement()) {
            String database = scalar(sql, "SELECT current_database()");
            sql.execute("ALTER DATABASE " + database + " CONNECTION LIMIT 0");
            try {
                // the reactive pool's connections (the JDBC pool only serves Flyway and the health checks)
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = 'vertx-pg-client' AND pid <> pg_backend_pid()");
                assertUnavailable(create(name, ""));
                assertThat(scalar(sql, "SELECT count(*) FROM platform_test.widgets WHERE name = '" + name + "'"))
                        .isEqualTo("0");
            } finally {
                sql.execute("ALTER DATABASE " + database + " CONNECTION LIMIT -1");
            }
        }
        // back: the pool connects again (a 503 or two while it does is the contract; a 500 never)
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Response answer = create(name, "");
            if (answer.statusCode() != 201) {
                assertUnavailable(answer);
            }
            return answer.statusCode() == 201;
        });
        assertThat(Database.count("platform_test.widgets", "name = ?", name)).isEqualTo(1);
    }

    /**
     * What the Vert.x client says when a request gets a pooled connection PostgreSQL has just closed; it cannot be
     * produced on demand against a live server, so the mapper is asked directly.
     */
    @Test
    void aPooledConnectionFoundClosedIs503() {
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(
                UriInfo.class.getClassLoader(),
                new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> method.getName().equals("getPath") ? "/test/widgets" : null);
        ProblemMappers mappers = new ProblemMappers(null, null);
        for (Throwable failure : new Throwable[] {
            new VertxException("Connection is not active now, current status: CLOSED", true),
            new VertxException("Pending requests failed to be sent due to connection has been closed.", true),
            new java.net.SocketException("Connection reset")
        }) {
            jakarta.ws.rs.core.Response answer = mappers.unexpected(failure, uri);
            assertThat(answer.getStatus()).as(failure.toString()).isEqualTo(503);
            assertThat(answer.getHeaderString("Retry-After")).isNotBlank();
        }
    }

    private static String scalar(Statement sql, String query) throws java.sql.SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }
}
