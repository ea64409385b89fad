package pics.aed.platform.outbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the waves of one relay batch achieved so far: the events Kafka acknowledged and those it refused. An event
 * whose key already had a refusal in this batch is not sent (it waits in the outbox behind the refused one).
 */
record WaveResults<E extends WaveResults.Keyed>(List<E> acked, List<Refused<E>> refused) {

    /** An event as the waves see it: the order it must keep is its stream's. */
    interface Keyed {
        KeyOrder.Stream stream();
    }

    record Refused<E>(E event, Throwable failure) {}

    /** One send's outcome: {@code failure} is null when Kafka acknowledged it. */
    record Sent<E>(E event, Throwable failure) {}

    static <E extends Keyed> WaveResults<E> none() {
        return new WaveResults<>(List.of(), List.of());
    }

    /** The events of the next wave that may be sent: none of a stream that had a refusal. */
    List<E> sendable(List<E> wave) {
        Set<KeyOrder.Stream> stopped = new HashSet<>();
        refused.forEach(refusal -> stopped.add(refusal.event().stream()));
        return wave.stream().filter(event -> !stopped.contains(event.stream())).toList();
    }

    WaveResults<E> plus(List<Sent<E>> wave) {
        List<E> nowAcked = new ArrayList<>(acked);
        List<Refused<E>> nowRefused = new ArrayList<>(refused);
        for (Sent<E> sent : wave) {
            if (sent.failure() == null) {
                nowAcked.add(sent.event());
            } else {
                nowRefused.add(new Refused<>(sent.event(), sent.failure()));
            }
        }
        return new WaveResults<>(List.copyOf(nowAcked), List.copyOf(nowRefused));
    }

    /** Kafka took nothing: the broker is away, not one event. */
    boolean nothingAcked() {
        return acked.isEmpty() && !refused.isEmpty();
    }
}
