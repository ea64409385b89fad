package pics.aed.platform.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Keeps the spans in the process while no OTLP endpoint is configured ({@code aedpics.tracing.otlp-endpoint} unset).
 * Quarkus' own OTLP exporter cannot be switched off at runtime: without an endpoint it sends to
 * {@code localhost:4317/4318} (quarkus#44200). It stands down when the application has a {@link SpanExporter} bean of
 * its own; this is that bean, visible only while the property is unset, so that tracing itself stays on (trace ids
 * in logs, {@code traceparent} through the outbox) and nothing tries to reach a collector that is not there.
 */
@Singleton
@Unremovable // only Quarkus' exporter looks it up, by type
// visible only while the property is missing: a set value is never the empty string (SmallRye treats "" as unset)
@LookupIfProperty(name = "aedpics.tracing.otlp-endpoint", stringValue = "", lookupIfMissing = true)
public class NoSpanExport implements SpanExporter {

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
