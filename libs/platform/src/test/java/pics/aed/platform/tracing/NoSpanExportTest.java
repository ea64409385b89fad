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
import pics.aed.platform.testapp.CapturedSpans;
import pics.aed.testsupport.Tokens;

/**
 * Without {@code aedpics.tracing.otlp-endpoint} nothing is exported, even where Quarkus has an endpoint (here its own
 * property points at a listening receiver; in production it falls back to {@code localhost}): requests are traced,
 * the spans stay in the process.
 */
@QuarkusTest
@WithTestResource(OtlpReceiver.OnlyQuarkusEndpoint.class)
class NoSpanExportTest {

    @Inject
    OpenTelemetry openTelemetry;

    @Inject
    CapturedSpans spans;

    @Test
    void tracedRequestsExportNothing() {
        int before = OtlpReceiver.EXPORTS.get();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        given().auth()
                .oauth2(Tokens.master("no-export-" + UUID.randomUUID()))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .get("/test/widgets/regions/서울특별시/종로구")
                .then()
                .statusCode(200);
        // the server span ends just after the response is written: wait for it, then flush what would be exported
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(spans.ofTrace(traceId))
                        .as("the request was traced")
                        .isNotEmpty());
        OtlpReceiver.flush(openTelemetry);
        assertThat(OtlpReceiver.EXPORTS.get()).as("export requests received").isEqualTo(before);
    }
}
