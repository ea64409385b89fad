package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pics.aed.egen.EgenSimulator;
import pics.aed.testsupport.Database;

/**
 * {@code aedpics.egen.format=json}: the service asks for {@code _type=json} pages, and a full run over HTTP lands the
 * registry a run from XML pages lands, row for row and hash for hash, with the feed ending on a page of a single item
 * (an object in data.go.kr's JSON, not an array). The XML run is the simulator answering XML whatever was asked
 * ({@code xmlOnly}), which the service reads with its XML parser: the same service, the same pipeline, both formats.
 */
@QuarkusTest
@TestProfile(JsonFeedSyncTest.JsonFeed.class)
class JsonFeedSyncTest {

    public static class JsonFeed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aedpics.egen.format", "json");
        }
    }

    static final EgenSimulator egen = EgenSimulatorResource.simulator();

    /** Every column a feed writes, and the content hash: equal means the same registry. */
    static String content() {
        return Database.scalar("""
                select md5(string_agg(concat_ws('|', equipment_serial, management_number, sido, gugun, health_center,
                    institution, address, position, latitude, longitude, manufacturer, model, manufacturing_date,
                    battery_expiry_date, pad_expiry_date, operation_status, last_inspection_date, opening_hours::text,
                    data_status, feed_hash), E'\\n' order by equipment_serial))
                from registry.devices""");
    }

    @BeforeEach
    void emptyRegistryAndHealthyFeed() {
        egen.reset();
        CircuitBreakerMaintenance.get().resetAll();
        Registry.empty();
    }

    @AfterEach
    void leaveNothing() {
        egen.reset();
        Registry.empty();
    }

    @Test
    void aFullSyncFromJsonPagesLandsTheSameRegistryAsFromXmlPagesEndingOnASingleItemPage() {
        int devices = EgenSimulatorResource.DEVICES - EgenSimulatorResource.PAGE_SIZE + 1;
        egen.faults().dropShare(shareKeeping(devices)).xmlOnly(true);

        JsonPath fromXml = Runs.run("full");

        assertThat(fromXml.getString("status")).as(fromXml.prettify()).isEqualTo("succeeded");
        assertThat(fromXml.getLong("inserted")).isEqualTo(devices);
        assertThat(egen.jsonPages())
                .as("JSON pages served while the simulator answers XML only")
                .isZero();
        String registryFromXml = content();

        Registry.empty();
        egen.faults().xmlOnly(false);
        JsonPath fromJson = Runs.run("full");

        assertThat(fromJson.getString("status")).as(fromJson.prettify()).isEqualTo("succeeded");
        assertThat(fromJson.getLong("fetched")).isEqualTo(devices);
        assertThat(fromJson.getLong("inserted")).isEqualTo(devices);
        assertThat(fromJson.getLong("rejected")).isZero();
        int pages = devices / EgenSimulatorResource.PAGE_SIZE + 1; // the last of them holds one device
        assertThat(egen.jsonPages()).isEqualTo(pages);
        assertThat(Database.count("registry.devices")).isEqualTo(devices);
        assertThat(content()).isEqualTo(registryFromXml);
    }

    @Test
    void invalidRecordsAreRejectedFromJsonPagesAsFromXmlPages() {
        egen.faults().invalidRecordsEvery(1000);

        JsonPath run = Runs.run("full");

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("succeeded");
        assertThat(run.getLong("rejected")).isEqualTo(3);
        assertThat(run.getLong("inserted")).isEqualTo(EgenSimulatorResource.DEVICES - 3);
        assertThat(Database.<String>scalar(
                        "select raw from registry.sync_rejects where run_id = ?::uuid order by seq limit 1",
                        run.getString("id")))
                .startsWith("{\"serialSeq\":");
    }

    /** The drop share that leaves exactly {@code devices} of the simulator's devices in its feed. */
    static double shareKeeping(int devices) {
        double low = 0; // keeps more
        double high = 1; // keeps fewer or exactly
        for (int step = 0; step < 64 && kept(high) != devices; step++) {
            double middle = (low + high) / 2;
            if (kept(middle) > devices) {
                low = middle;
            } else {
                high = middle;
            }
        }
        assertThat(kept(high)).as("a drop share keeping %d devices", devices).isEqualTo(devices);
        return high;
    }

    static long kept(double share) {
        return IntStream.range(0, EgenSimulatorResource.DEVICES)
                .filter(i -> !EgenSimulator.isDropped(i, share))
                .count();
    }
}
