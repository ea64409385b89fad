package pics.aed.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The outbox relay (libs/platform {@code outbox/}), the same in every service. */
@ConfigMapping(prefix = "aedpics.outbox")
public interface OutboxSettings {

    /**
     * Events claimed and published per relay transaction. Larger batches publish a sync's tens of thousands of
     * snapshots faster; each batch holds its rows locked until Kafka acknowledged them.
     */
    @WithDefault("1000")
    int batchSize();

    /** How often the relay looks for events when no commit woke it (LISTEN/NOTIFY is the fast path). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** The longest pause between two attempts while Kafka refuses everything (the pause doubles from 0.5 s). */
    @WithDefault("PT30S")
    Duration maxBackoff();

    /**
     * After this many failed attempts an event is parked (skipped, counted, alerted) when Kafka accepted other events
     * in the same batch meanwhile: the broker works, the event does not (its topic is missing, it is refused). An
     * event Kafka refuses for a reason it will always repeat (record too large, invalid topic) is parked at once.
     */
    @WithDefault("10")
    int parkAfterAttempts();

    /** How long the relay waits for Kafka's verdict on a wave of sends; longer than the producer's delivery.timeout.ms. */
    @WithDefault("PT30S")
    Duration ackTimeout();

    /**
     * Producer properties of the relay's Kafka client, by their Kafka names ({@code aedpics.outbox.kafka.acks=all});
     * the broker's address comes from {@code kafka.bootstrap.servers}.
     */
    Map<String, String> kafka();
}
