package pics.aed.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** How the relay orders and settles a batch, without Kafka. */
class KeyOrderTest {

    record Event(int n, String topic, String key) implements WaveResults.Keyed {
        @Override
        public KeyOrder.Stream stream() {
            return new KeyOrder.Stream(topic, key);
        }
    }

    private static Event event(int n, String key) {
        return new Event(n, "t", key);
    }

    @Test
    void eachWaveHoldsTheNextEventOfEveryKeyInOutboxOrder() {
        List<Event> batch = List.of(event(1, "a"), event(2, "a"), event(3, "b"), event(4, "a"), event(5, "c"));

        List<List<Event>> waves = KeyOrder.waves(batch, Event::stream);

        assertThat(waves).hasSize(3);
        assertThat(waves.get(0)).extracting(Event::n).containsExactly(1, 3, 5);
        assertThat(waves.get(1)).extracting(Event::n).containsExactly(2);
        assertThat(waves.get(2)).extracting(Event::n).containsExactly(4);
    }

    @Test
    void eventsOfDistinctKeysTravelInOneWave() {
        List<Event> snapshots = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> event(i, "serial-" + i))
                .toList();
        assertThat(KeyOrder.waves(snapshots, Event::stream)).hasSize(1);
    }

    @Test
    void theSameKeyOnAnotherTopicIsAnotherStream() {
        List<Event> batch = List.of(new Event(1, "devices", "s"), new Event(2, "sessions", "s"));
        assertThat(KeyOrder.waves(batch, Event::stream)).hasSize(1);
    }

    @Test
    void aRefusedEventStopsTheLaterEventsOfItsKeyButNoOtherKey() {
        Event a1 = event(1, "a");
        Event b1 = event(2, "b");
        Event a2 = event(3, "a");
        Event b2 = event(4, "b");
        WaveResults<Event> afterFirstWave = WaveResults.<Event>none()
                .plus(List.of(
                        new WaveResults.Sent<>(a1, new TimeoutException("metadata")),
                        new WaveResults.Sent<>(b1, null)));

        assertThat(afterFirstWave.sendable(List.of(a2, b2))).containsExactly(b2);
        assertThat(afterFirstWave.acked()).containsExactly(b1);
        assertThat(afterFirstWave.refused())
                .extracting(WaveResults.Refused::event)
                .containsExactly(a1);
        assertThat(afterFirstWave.nothingAcked()).isFalse();
        assertThat(WaveResults.<Event>none()
                        .plus(List.of(new WaveResults.Sent<>(a1, new TimeoutException("down"))))
                        .nothingAcked())
                .isTrue();
    }

    @Test
    void parksWhatKafkaWillAlwaysRefuseAtOnceAndOtherRefusalsOnlyWhileTheBrokerTakesOtherEvents() {
        RecordTooLargeException tooLarge = new RecordTooLargeException("too large");
        TimeoutException noMetadata = new TimeoutException("Topic x not present in metadata after 5000 ms");

        assertThat(PublishFailures.shouldPark(tooLarge, 1, 10, false)).isTrue();
        assertThat(PublishFailures.shouldPark(new RuntimeException(tooLarge), 1, 10, false))
                .isTrue();
        assertThat(PublishFailures.shouldPark(noMetadata, 9, 10, true)).isFalse();
        assertThat(PublishFailures.shouldPark(noMetadata, 10, 10, true)).isTrue();
        // the broker took nothing: it is away, and the event is not to blame however often it failed
        assertThat(PublishFailures.shouldPark(noMetadata, 500, 10, false)).isFalse();
    }
}
