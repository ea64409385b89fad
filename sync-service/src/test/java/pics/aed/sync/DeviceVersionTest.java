package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import pics.aed.events.Topics;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.KafkaEvents;

/**
 * Every snapshot of a device carries a version that only grows, whoever wrote it (a sync, an inspection), and every
 * status change is published.
 */
@QuarkusTest
class DeviceVersionTest extends FromTheHealthyFeed {

    @Test
    void syncWritesAndInspectionsRaiseTheVersionAndEachSnapshotCarriesIt() {
        String serial = egen.dataset().device(3).serialSeq();
        egen.faults().changeDevice(3);
        JsonPath edited = Runs.run("incremental");
        assertThat(edited.getLong("updated")).isEqualTo(1);
        NoTransactionOverNetworkTest.publishCompletedSession(serial);

        KafkaEvents.awaitRecords(
                Topics.DEVICES,
                e -> serial.equals(e.key()) && JsonPath.from(e.value()).getLong("version") == 3,
                1,
                Duration.ofSeconds(30));

        assertThat(lastThreeVersions(serial)).containsExactly(1L, 2L, 3L);
        assertThat(Database.<Long>scalar("select version from registry.devices where equipment_serial = ?", serial))
                .isEqualTo(3L);
    }

    @Test
    void aDeviceBeyondALoweredThresholdBecomesDeletionSuspectedAndThatIsPublished() {
        // missing for 9 runs under a threshold of 10; the operator has lowered it to 7 (this service's setting)
        String serial = "VERSION-GONE";
        Database.execute("""
                insert into registry.devices (equipment_serial, sido, gugun, data_status, missing_runs, version)
                values (?, '서울특별시', '종로구', 'missing', 9, 2)""", serial);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("succeeded");
        assertThat(Database.<String>scalar(
                        "select data_status from registry.devices where equipment_serial = ?", serial))
                .isEqualTo("deletion_suspected");
        List<KafkaEvents.Event> published = KafkaEvents.awaitRecords(
                Topics.DEVICES,
                e -> serial.equals(e.key()) && e.value().contains("\"deletion_suspected\""),
                1,
                Duration.ofSeconds(30));
        assertThat(JsonPath.from(published.get(published.size() - 1).value()).getLong("version"))
                .isEqualTo(3L);
    }

    private static List<Long> lastThreeVersions(String serial) {
        List<KafkaEvents.Event> all = KafkaEvents.readAll(Topics.DEVICES, serial);
        return all.subList(Math.max(0, all.size() - 3), all.size()).stream()
                .map(e -> JsonPath.from(e.value()).getLong("version"))
                .toList();
    }
}
