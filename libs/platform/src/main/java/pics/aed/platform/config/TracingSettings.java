package pics.aed.platform.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Where spans go (libs/platform {@code tracing/}); docs/operations.md "Tracing and logs". */
@ConfigMapping(prefix = "aedpics.tracing")
public interface TracingSettings {

    /**
     * The OTLP collector spans are exported to (http/protobuf, e.g. {@code http://otel-collector:4318}). Unset, nothing
     * is exported: every request and event is still traced (trace ids in the logs, {@code traceparent} on events), but
     * the spans stay in the process. Becomes {@code quarkus.otel.exporter.otlp.traces.endpoint}.
     */
    Optional<String> otlpEndpoint();
}
