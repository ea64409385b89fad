package pics.aed.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pics.aed.testsupport.Database;

/**
 * The nearby search's prefilter box must hold every device within the radius in every direction, at the south and
 * the north of the country (a degree of longitude shrinks with latitude), and the exact distance must cut the rest.
 * The centres are at sea, where the simulated feed puts no device.
 */
@QuarkusTest
class NearbySearchTest {

    /** earthdistance's earth(): the sphere its distances are measured on. */
    static final double EARTH_RADIUS_METERS = 6378168;

    static final double RADIUS = 2000;

    record Placed(String serial, double distance) {}

    @AfterEach
    void removeDevices() {
        Database.execute("delete from registry.devices where equipment_serial like 'NEAR-%'");
    }

    @ParameterizedTest
    @CsvSource({"33.05, 125.5", "38.9, 131.0"})
    void everyDeviceWithinTheRadiusIsFoundNearestFirstAndNoneBeyondIt(double latitude, double longitude) {
        List<Placed> inside = new ArrayList<>();
        int n = 0;
        for (int bearing = 0; bearing < 360; bearing += 30) {
            // distinct distances, so that the expected order is unambiguous
            for (double share : new double[] {0.995 - bearing / 36000.0, 1.005, 0.2 + bearing / 1000.0}) {
                String serial = "NEAR-" + n++;
                double[] at = destination(latitude, longitude, bearing, share * RADIUS);
                Database.execute(
                        "insert into registry.devices (equipment_serial, sido, gugun, latitude, longitude,"
                                + " feed_hash, first_seen_at) values (?, '제주특별자치도', '제주시', ?, ?, 'x', now())",
                        serial,
                        at[0],
                        at[1]);
                if (share < 1) {
                    inside.add(new Placed(serial, share * RADIUS));
                }
            }
        }
        inside.sort(Comparator.comparingDouble(Placed::distance));

        JsonPath found = given().auth()
                .oauth2(Runs.MASTER)
                .queryParam("latitude", latitude)
                .queryParam("longitude", longitude)
                .queryParam("radiusMeters", RADIUS)
                .queryParam("size", 100)
                .get("/api/devices/nearby")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(found.getList("items.equipmentSerial", String.class))
                .containsExactlyElementsOf(inside.stream().map(Placed::serial).toList());
        assertThat(found.getLong("total")).isEqualTo(inside.size());
        List<Float> distances = found.getList("items.distanceMeters", Float.class);
        for (int i = 0; i < inside.size(); i++) {
            assertThat((double) distances.get(i))
                    .isCloseTo(inside.get(i).distance(), org.assertj.core.data.Offset.offset(1.0));
        }
    }

    /** The point at a great-circle distance and initial bearing from a start, on earthdistance's sphere. */
    static double[] destination(double latitude, double longitude, double bearingDegrees, double meters) {
        double phi = Math.toRadians(latitude);
        double lambda = Math.toRadians(longitude);
        double theta = Math.toRadians(bearingDegrees);
        double delta = meters / EARTH_RADIUS_METERS;
        double phi2 = Math.asin(Math.sin(phi) * Math.cos(delta) + Math.cos(phi) * Math.sin(delta) * Math.cos(theta));
        double lambda2 = lambda
                + Math.atan2(
                        Math.sin(theta) * Math.sin(delta) * Math.cos(phi),
                        Math.cos(delta) - Math.sin(phi) * Math.sin(phi2));
        return new double[] {Math.toDegrees(phi2), Math.toDegrees(lambda2)};
    }
}
