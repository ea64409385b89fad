package pics.aed.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How every event consumer (libs/platform {@code consumer/}) retries a batch the database could not take, and the
 * group session of its Kafka consumer.
 */
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

    /**
     * Kafka's {@code session.timeout.ms} of every consumer: how long the group coordinator waits for a member that
     * stopped heartbeating (its process was killed) before it rebalances its partitions to the live members or to the
     * restarted process. Kafka's default, 45 s, held a restarted service's consumers idle for most of a minute. Within
     * the broker's {@code group.min.session.timeout.ms} (6 s) and {@code group.max.session.timeout.ms} (30 min).
     */
    @WithDefault("PT10S")
    Duration sessionTimeout();

    /** Kafka's {@code heartbeat.interval.ms}: under a third of the session timeout, as Kafka recommends. */
    @WithDefault("PT3S")
    Duration heartbeatInterval();
}
