package pics.aed.platform.config;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * HTTP server latency as a histogram (so Prometheus can aggregate percentiles across replicas) plus client-side
 * p50/p95/p99 per replica, for every service.
 */
@Singleton
public class HttpLatencyHistograms {

    @Produces
    @Singleton
    MeterFilter httpServerPercentiles() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .percentiles(0.5, 0.95, 0.99)
                        .build()
                        .merge(config);
            }
        };
    }
}
