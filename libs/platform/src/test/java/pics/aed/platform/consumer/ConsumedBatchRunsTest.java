package pics.aed.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;

/** How a polled batch is cut into runs: consecutive events of one batched route go together, nothing else does. */
class ConsumedBatchRunsTest {

    private final EventHandler handler = EventHandler.named("runs")
            .onBatches(
                    "batched", String.class, (tx, payloads) -> Uni.createFrom().voidItem())
            .on("single", String.class, (tx, payload) -> Uni.createFrom().voidItem())
            .build();

    @Test
    void consecutiveBatchedEventsFormOneRunAndEveryOtherEventIsItsOwn() {
        List<Decoding.Decoded> events = List.of(
                event(1, "batched"),
                event(2, "batched"),
                event(3, "single"),
                event(4, "single"),
                event(5, "batched"),
                event(6, "batched"),
                event(7, "batched"));

        List<List<Long>> runs = ConsumedBatch.runs(events).stream()
                .map(run -> run.stream().map(e -> e.record().offset()).toList())
                .toList();

        assertThat(runs).containsExactly(List.of(1L, 2L), List.of(3L), List.of(4L), List.of(5L, 6L, 7L));
    }

    @Test
    void noEventsNoRuns() {
        assertThat(ConsumedBatch.runs(List.of())).isEmpty();
    }

    private Decoding.Decoded event(long offset, String type) {
        ConsumedRecord record = new ConsumedRecord("t", 0, offset, "k" + offset, "{}", Map.of());
        CloudEvent envelope = new CloudEvent("id-" + offset, "test", type, "k" + offset, OffsetDateTime.now(), "{}");
        return new Decoding.Decoded(record, envelope, handler.routeFor(type).orElseThrow(), "payload-" + offset);
    }
}
