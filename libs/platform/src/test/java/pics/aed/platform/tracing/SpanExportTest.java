package pics.aed.platform.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Tokens;

/** With {@code aedpics.tracing.otlp-endpoint} set, spans are exported there over OTLP http/protobuf. */
@QuarkusTest
@WithTestResource(OtlpReceiver.AsOperatorsConfigureIt.class)
class SpanExportTest {

    @Inject
    OpenTelemetry openTelemetry;

    @Test
    void spansReachTheConfiguredCollector() {
        int before = OtlpReceiver.EXPORTS.get();
        given().auth()
                .oauth2(Tokens.master("export-" + UUID.randomUUID()))
                .get("/test/widgets/regions/서울특별시/종로구")
                .then()
                .statusCode(200);
        // the server span ends just after the response is written: flush until it has gone out
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            OtlpReceiver.flush(openTelemetry);
            assertThat(OtlpReceiver.EXPORTS.get()).isGreaterThan(before);
        });
    }
}
