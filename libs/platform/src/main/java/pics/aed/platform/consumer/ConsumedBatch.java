package pics.aed.platform.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One polled batch sorted by what happens to each record, in the order the records came: the events to apply, the
 * poison records for dead letters, and how many were of types the handler does not apply.
 */
public record ConsumedBatch(List<Decoding.Decoded> decoded, List<Decoding.Undecodable> undecodable, int notHandled) {

    public static ConsumedBatch decode(List<ConsumedRecord> records, EventDecoder decoder, EventHandler handler) {
        List<Decoding.Decoded> decoded = new ArrayList<>();
        List<Decoding.Undecodable> undecodable = new ArrayList<>();
        int notHandled = 0;
        for (ConsumedRecord record : records) {
            Decoding decoding = decoder.decode(record, handler);
            if (decoding instanceof Decoding.Decoded event) {
                decoded.add(event);
            } else if (decoding instanceof Decoding.Undecodable poison) {
                undecodable.add(poison);
            } else {
                notHandled++;
            }
        }
        return new ConsumedBatch(List.copyOf(decoded), List.copyOf(undecodable), notHandled);
    }

    public List<String> eventIds() {
        return decoded.stream().map(Decoding.Decoded::id).toList();
    }

    /**
     * The events to apply, in order, given the ids that were new to {@code processed_events}: each new id once (a
     * record redelivered within the same batch is applied at its first position), every other id not at all.
     */
    public static List<Decoding.Decoded> toApply(List<Decoding.Decoded> events, Collection<String> newIds) {
        Set<String> pending = new HashSet<>(newIds);
        List<Decoding.Decoded> apply = new ArrayList<>();
        for (Decoding.Decoded event : events) {
            if (pending.remove(event.id())) {
                apply.add(event);
            }
        }
        return apply;
    }

    /**
     * The events to apply cut into runs, in order: consecutive events of one {@link EventHandler.Route#appliesInBatches
     * batched route} form one run, every other event is a run of its own.
     */
    public static List<List<Decoding.Decoded>> runs(List<Decoding.Decoded> events) {
        List<List<Decoding.Decoded>> runs = new ArrayList<>();
        List<Decoding.Decoded> current = new ArrayList<>();
        for (Decoding.Decoded event : events) {
            boolean continuesRun = !current.isEmpty()
                    && event.route().appliesInBatches()
                    && current.get(0).route() == event.route();
            if (!continuesRun && !current.isEmpty()) {
                runs.add(List.copyOf(current));
                current.clear();
            }
            current.add(event);
        }
        if (!current.isEmpty()) {
            runs.add(List.copyOf(current));
        }
        return runs;
    }
}
