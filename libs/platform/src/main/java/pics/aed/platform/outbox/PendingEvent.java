package pics.aed.platform.outbox;

import pics.aed.events.CloudEvent;

/** A committed outbox row the relay claimed, with how often Kafka refused it before. */
record PendingEvent(long seq, String topic, String key, CloudEvent event, int attempts, String traceparent)
        implements WaveResults.Keyed {

    @Override
    public KeyOrder.Stream stream() {
        return new KeyOrder.Stream(topic, key);
    }
}
