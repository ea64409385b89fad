package pics.aed.events.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceSnapshotOrderTest {

    private static final OffsetDateTime NOON = OffsetDateTime.of(2026, 12, 2, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void aHigherVersionWinsWhateverItsTime() {
        DeviceSnapshot older = snapshot("A", 3, NOON.plusHours(1));
        DeviceSnapshot newer = snapshot("A", 4, NOON);

        assertThat(newer.supersedes(older)).isTrue();
        assertThat(older.supersedes(newer)).isFalse();
    }

    @Test
    void anEqualVersionReplacesAsARedeliveryDoes() {
        assertThat(snapshot("A", 4, NOON).supersedes(snapshot("A", 4, NOON))).isTrue();
    }

    @Test
    void unversionedSnapshotsOrderByTimeAndNeverReplaceAVersionedOne() {
        DeviceSnapshot versioned = snapshot("A", 1, NOON);
        DeviceSnapshot legacyLater = snapshot("A", 0, NOON.plusDays(1));
        DeviceSnapshot legacyEarlier = snapshot("A", 0, NOON.minusDays(1));

        assertThat(legacyLater.supersedes(versioned)).isFalse();
        assertThat(versioned.supersedes(legacyLater)).isTrue();
        assertThat(legacyLater.supersedes(legacyEarlier)).isTrue();
        assertThat(legacyEarlier.supersedes(legacyLater)).isFalse();
    }

    @Test
    void latestPerDeviceKeepsWhatApplyingOneByOneWouldKeep() {
        DeviceSnapshot a2 = snapshot("A", 2, NOON);
        DeviceSnapshot b1 = snapshot("B", 1, NOON);
        DeviceSnapshot a5 = snapshot("A", 5, NOON);
        DeviceSnapshot a3 = snapshot("A", 3, NOON.plusHours(2));
        DeviceSnapshot c1 = snapshot("C", 1, NOON);

        assertThat(DeviceSnapshot.latestPerDevice(List.of(a2, b1, a5, a3, c1))).containsExactly(a5, b1, c1);
    }

    private static DeviceSnapshot snapshot(String serial, long version, OffsetDateTime updatedAt) {
        return new DeviceSnapshot(
                serial,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                DeviceSnapshot.DataStatus.active,
                updatedAt,
                version);
    }
}
