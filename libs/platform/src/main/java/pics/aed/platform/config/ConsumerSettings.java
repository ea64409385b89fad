package pics.aed.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every event consumer (libs/platform {@code consumer/}) retries a batch the database could not take. */
@ConfigMapping(prefix = "aedpics.consumers")
public interface ConsumerSettings {

    /**
     * Wait before retrying a batch after a transient database failure (connection lost, deadlock, lock or statement
     * timeout, pool exhausted); doubled after each further failure. The consumer retries until it succeeds: it never
     * skips an event because the database was briefly away.
     */
    @WithDefault("PT0.2S")
    Duration retryInitialBackoff();

    /** The longest wait between two retries of a batch. */
    @WithDefault("PT30S")
    Duration retryMaxBackoff();
}
