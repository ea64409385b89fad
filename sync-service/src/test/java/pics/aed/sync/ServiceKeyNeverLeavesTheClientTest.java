package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pics.aed.egen.EgenSimulator;
import pics.aed.egen.Faults;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/**
 * The data.go.kr service key never leaves the client: for every way a page can fail, the key is nowhere in the log,
 * the run's stored error, {@code GET /api/sync/runs/{id}} (readable by every admin) or the {@code aed.sync-runs.v1}
 * event.
 */
@QuarkusTest
class ServiceKeyNeverLeavesTheClientTest {

    /** The key the test profile gives the client (EgenSimulatorResource). */
    static final String KEY = "test-service-key";

    static final EgenSimulator egen = EgenSimulatorResource.simulator();

    private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringWriter text = new StringWriter();
            text.append(record.getLoggerName()).append(' ').append(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(String.valueOf(parameter));
                }
            }
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            log.add(text.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureTheLog() {
        egen.reset();
        CircuitBreakerMaintenance.get().resetAll();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
        egen.reset();
        CircuitBreakerMaintenance.get().resetAll();
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                failure("timeout", f -> f.slowPage(1, 6000)), // beyond the 5 s read timeout, every attempt
                failure("connection reset mid-body", f -> f.connectionResetOnPage(1)),
                failure("HTTP 500", f -> f.http500Forever(true)),
                failure("HTTP 429", f -> f.http429(10)),
                failure("malformed XML", f -> f.malformedXmlOnPage(1)),
                failure("truncated XML", f -> f.truncatedXmlOnPage(1)),
                failure("HTML page with status 200", f -> f.htmlPageOnPage(1)),
                failure("unregistered key (code 30)", f -> f.acceptOnlyServiceKey("another-key")),
                failure("daily quota (code 22)", f -> f.errorEnvelope(22)));
    }

    private static Arguments failure(String name, Consumer<Faults> fault) {
        return Arguments.of(name, fault);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void noFailureCarriesTheKey(String name, Consumer<Faults> fault) {
        fault.accept(egen.faults());

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).as(name).isEqualTo("failed");
        String id = run.getString("id");
        String body = given().auth()
                .oauth2(Runs.MASTER)
                .get("/api/sync/runs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(body).as("GET /api/sync/runs/{id}").doesNotContain(KEY);
        assertThat(Database.<String>scalar("select error from registry.sync_runs where id = ?::uuid", id))
                .as("sync_runs.error")
                .isNotBlank()
                .doesNotContain(KEY);
        List<KafkaEvents.Event> events =
                KafkaEvents.awaitRecords(Topics.SYNC_RUNS, e -> id.equals(e.key()), 1, Duration.ofSeconds(30));
        assertThat(events).extracting(KafkaEvents.Event::value).noneMatch(v -> v.contains(KEY));
        assertThat(log).as("log lines").isNotEmpty().noneMatch(line -> line.contains(KEY));
    }
}
