package pics.aed.platform.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a batch of events into waves that keep each key's order whatever Kafka does: wave n holds the n-th event
 * of every key (topic and key), in outbox order. The relay sends a wave only after the previous one was acknowledged,
 * and sends no further event of a key whose event failed: a later event can then never reach the topic before an
 * earlier one of its key, not even when a send blocks on metadata and times out while the sends after it pass.
 * Events of distinct keys (a sync's snapshots) travel in one wave.
 */
public final class KeyOrder {

    private KeyOrder() {}

    /** A stream's identity: events of the same topic and key must keep their order. */
    public record Stream(String topic, String key) {}

    public static <E> List<List<E>> waves(List<E> events, Function<E, Stream> stream) {
        Map<Stream, Integer> seen = new HashMap<>();
        List<List<E>> waves = new ArrayList<>();
        for (E event : events) {
            int position = seen.merge(stream.apply(event), 1, Integer::sum) - 1;
            if (position == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(position).add(event);
        }
        return waves;
    }
}
