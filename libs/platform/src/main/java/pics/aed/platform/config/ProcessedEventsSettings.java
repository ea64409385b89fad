package pics.aed.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The consumers' record of applied event ids ({@code processed_events}), the same in every service. */
@ConfigMapping(prefix = "aedpics.processed-events")
public interface ProcessedEventsSettings {

    /**
     * How long an applied event id is kept. A redelivery older than this would be applied again: keep it longer than
     * the longest time a consumer may lag or be reset (topics keep events 7 days by default; the compacted devices
     * topic is applied by content and needs no id).
     */
    @WithDefault("P14D")
    Duration retention();
}
