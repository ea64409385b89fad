package pics.aed.sync.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metrics of docs/sync.md "Metrics", as Prometheus names them:
 * {@code egen_sync_duration_seconds} (histogram, tags mode and status), {@code egen_sync_records_total{outcome}}
 * (inserted, updated, unchanged, rejected, missing, restored, deletion_suspected), {@code egen_sync_errors_total{type}}
 * (every failed source attempt, retried or not, and every run-level error) and
 * {@code egen_sync_last_success_timestamp_seconds{mode}} (full, incremental, import; read from the database).
 */
@Singleton
public class SyncMetrics {

    /** The run modes the last-success gauge is kept for: feed runs and imports apart. */
    public static final List<String> MODES = List.of("full", "incremental", "import");

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccessEpochSeconds = new ConcurrentHashMap<>();

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String mode : MODES) {
            AtomicLong at = lastSuccessEpochSeconds.computeIfAbsent(mode, m -> new AtomicLong());
            Gauge.builder("egen.sync.last.success.timestamp", at, AtomicLong::doubleValue)
                    .tag("mode", mode)
                    .baseUnit("seconds")
                    .description("When the last registry sync run of this mode succeeded (Unix time, as the"
                            + " database records it, so every replica reports the same); 0 before the first")
                    .register(registry);
        }
        Counter.builder("egen.sync.errors")
                .tag("type", "none")
                .description("Registry sync errors by type")
                .register(registry);
    }

    public void records(String outcome, long count) {
        if (count > 0) {
            Counter.builder("egen.sync.records")
                    .tag("outcome", outcome)
                    .description("Records handled by registry sync runs, by outcome")
                    .register(registry)
                    .increment(count);
        }
    }

    public void error(String type) {
        Counter.builder("egen.sync.errors")
                .tag("type", type)
                .description("Registry sync errors by type")
                .register(registry)
                .increment();
    }

    public void finished(String mode, String status, Duration took) {
        Timer.builder("egen.sync.duration")
                .tag("mode", mode)
                .tag("status", status)
                .description("Duration of registry sync runs")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry)
                .record(took);
    }

    /** The last success per mode, as read from the database. */
    public void lastSuccess(Map<String, OffsetDateTime> byMode) {
        byMode.forEach((mode, at) -> {
            AtomicLong gauge = lastSuccessEpochSeconds.get(mode);
            if (gauge != null) {
                gauge.set(at.toEpochSecond());
            }
        });
    }
}
