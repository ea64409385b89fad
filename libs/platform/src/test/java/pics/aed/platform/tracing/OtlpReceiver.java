package pics.aed.platform.tracing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in OTLP collector (http/protobuf): it counts the export requests it receives on {@code /v1/traces} and
 * answers 200. The test resource of the export tests, which point a service at it in two ways. Test-only.
 */
abstract class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    static final AtomicInteger EXPORTS = new AtomicInteger();

    private HttpServer server;

    /** Exports every ended span now, instead of at the batch processor's next turn. */
    static void flush(OpenTelemetry openTelemetry) {
        ((OpenTelemetrySdk) ClientProxy.unwrap(openTelemetry))
                .getSdkTracerProvider()
                .forceFlush()
                .join(30, TimeUnit.SECONDS);
    }

    /** The configuration that points the service at the receiver's base URL. */
    abstract Map<String, String> pointAt(String baseUrl);

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            EXPORTS.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return pointAt("http://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Configured as operators do: {@code aedpics.tracing.otlp-endpoint}. */
    public static class AsOperatorsConfigureIt extends OtlpReceiver {
        @Override
        Map<String, String> pointAt(String baseUrl) {
            return Map.of("aedpics.tracing.otlp-endpoint", baseUrl);
        }
    }

    /** Only Quarkus' own endpoint property set, which without ours must not switch export on. */
    public static class OnlyQuarkusEndpoint extends OtlpReceiver {
        @Override
        Map<String, String> pointAt(String baseUrl) {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", baseUrl);
        }
    }
}
