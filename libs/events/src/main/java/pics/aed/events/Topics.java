package pics.aed.events;

import java.util.List;

/**
 * The Kafka topics of aedpics, versioned by suffix. docs/events.md is the prose of this contract.
 * Every record is keyed by equipment serial so that everything about one device stays ordered.
 */
public final class Topics {

    /** Compacted registry changelog: one full device snapshot per serial, never a tombstone. */
    public static final String DEVICES = "aed.devices.v1";
    /** One event per finished, failed or aborted registry sync run. */
    public static final String SYNC_RUNS = "aed.sync-runs.v1";
    /** Session lifecycle and inspection review events. */
    public static final String SESSIONS = "inspection.sessions.v1";
    /** Schedule lifecycle events (they become assignments in sessions-service). */
    public static final String SCHEDULES = "inspection.schedules.v1";
    /** Alerts firing and resolved. */
    public static final String ALERTS = "monitoring.alerts.v1";

    /**
     * Where one consumer puts the records it can never apply (undecodable, or an effect that fails for a reason
     * waiting does not cure), with the error in headers: {@code <topic>.dlq.<consumer group>}. One per consumer, so
     * that replaying a dead letter reaches only the consumer that failed on it. One partition, not compacted.
     */
    public static String deadLetters(String topic, String consumerGroup) {
        return topic + ".dlq." + consumerGroup;
    }

    /** How a topic is laid out on a broker we create it on (local stack, tests). */
    public record TopicSpec(String name, int partitions, boolean compacted) {}

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(DEVICES, 3, true),
            new TopicSpec(SYNC_RUNS, 1, false),
            new TopicSpec(SESSIONS, 3, false),
            new TopicSpec(SCHEDULES, 3, false),
            new TopicSpec(ALERTS, 1, false));

    private Topics() {}
}
