package pics.aed.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pics.aed.monitoring.domain.ReadinessCriteria;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/**
 * Readiness figures against devices planted through the real topics: expired, expiring in 29 and 31 days, inspected
 * this month, last month, two months ago or never, a retired device, and inspectors' corrected pad dates.
 */
@QuarkusTest
class ReadinessTest {

    static final String SIDO = "서울특별시";
    /** A gugun of this test run only, so that the figures are exactly what was planted. */
    static final String GUGUN = "시험구-" + UUID.randomUUID().toString().substring(0, 8);

    static final LocalDate TODAY = LocalDate.now(ReadinessCriteria.KOREA);
    static final LocalDate LAST_MONTH = TODAY.withDayOfMonth(1).minusMonths(1).plusDays(4);
    static final LocalDate TWO_MONTHS_AGO =
            TODAY.withDayOfMonth(1).minusMonths(1).minusDays(1);
    static final LocalDate FAR = TODAY.plusDays(400);

    static final String BATTERY_EXPIRED = Planted.serial();
    static final String BATTERY_IN_29_DAYS = Planted.serial();
    static final String BATTERY_IN_31_DAYS = Planted.serial();
    static final String PAD_CORRECTED_LATER = Planted.serial();
    static final String PAD_IN_10_DAYS = Planted.serial();
    static final String RETIRED = Planted.serial();
    static final String PAD_CORRECTED_THEN_RESENT = Planted.serial();

    @BeforeAll
    static void plantDevices() {
        OffsetDateTime now = OffsetDateTime.now();
        OffsetDateTime yesterday = now.minusDays(1);
        Events.device(BATTERY_EXPIRED, SIDO, GUGUN, TODAY.minusDays(1), FAR, TODAY, "active", yesterday);
        Events.device(BATTERY_IN_29_DAYS, SIDO, GUGUN, TODAY.plusDays(29), FAR, LAST_MONTH, "active", yesterday);
        Events.device(BATTERY_IN_31_DAYS, SIDO, GUGUN, TODAY.plusDays(31), FAR, null, "active", yesterday);
        // the registry says the pads expired; the inspector found new ones today
        Events.device(PAD_CORRECTED_LATER, SIDO, GUGUN, FAR, TODAY.minusDays(10), null, "active", yesterday);
        Events.sessionCompleted(PAD_CORRECTED_LATER, now.minusMinutes(3), null, TODAY.plusDays(300));
        Events.device(PAD_IN_10_DAYS, SIDO, GUGUN, FAR, TODAY.plusDays(10), TWO_MONTHS_AGO, "active", yesterday);
        Events.device(
                RETIRED,
                SIDO,
                GUGUN,
                TODAY.minusDays(100),
                TODAY.minusDays(100),
                null,
                "deletion_suspected",
                yesterday);
        // the inspector found the pads expired; the registry then re-sent its old (later) date unchanged
        Events.device(PAD_CORRECTED_THEN_RESENT, SIDO, GUGUN, FAR, TODAY.plusDays(100), TODAY, "active", yesterday);
        Events.sessionCompleted(PAD_CORRECTED_THEN_RESENT, now.minusMinutes(3), null, TODAY.minusDays(5));
        Events.device(
                PAD_CORRECTED_THEN_RESENT, SIDO, GUGUN, FAR, TODAY.plusDays(100), TODAY, "active", now.minusMinutes(1));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(Database.count("monitoring.devices", "gugun = ?", GUGUN)).isEqualTo(7);
            assertThat(Database.count(
                            "monitoring.devices", "gugun = ? AND last_session_completed_on IS NOT NULL", GUGUN))
                    .isEqualTo(2);
            assertThat(Database.count(
                            "monitoring.devices",
                            "equipment_serial = ? AND registry_updated_at > now()" + " - interval '10 minutes'",
                            PAD_CORRECTED_THEN_RESENT))
                    .isEqualTo(1);
        });
    }

    private static JsonPath get(String token, String path, Object... params) {
        return given().auth()
                .oauth2(token)
                .get(path, params)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void figuresPerGugunCountWhatWasPlanted() {
        JsonPath figures = get(Tokens.master("m"), "/api/monitoring/readiness?sido={s}&gugun={g}", SIDO, GUGUN);
        assertThat(figures.getInt("withinDays")).isEqualTo(30);
        assertThat(figures.getList("items")).hasSize(1);
        assertThat(figures.getMap("items[0]"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "sido", SIDO,
                        "gugun", GUGUN,
                        "devices", 6,
                        "batteryExpired", 1,
                        "batteryExpiring", 1,
                        "padExpired", 1,
                        "padExpiring", 1,
                        "notInspectedThisMonth", 3,
                        "notInspectedTwoMonths", 2));
    }

    @Test
    void withinDaysWidensExpiring() {
        JsonPath figures = get(Tokens.localAdmin("la", SIDO, GUGUN), "/api/monitoring/readiness?withinDays=31");
        assertThat(figures.getInt("items[0].batteryExpiring")).isEqualTo(2);
        assertThat(figures.getString("items[0].gugun")).isEqualTo(GUGUN);
        assertThat(figures.getList("items")).hasSize(1);
    }

    @Test
    void devicesOfOneProblemCarryTheirDates() {
        JsonPath expiring = get(
                Tokens.master("m"),
                "/api/monitoring/readiness/devices?problem=battery-expiring&sido={s}&gugun={g}&withinDays=31",
                SIDO,
                GUGUN);
        assertThat(expiring.getList("items.equipmentSerial", String.class))
                .containsExactlyElementsOf(List.of(BATTERY_IN_29_DAYS, BATTERY_IN_31_DAYS).stream()
                        .sorted()
                        .toList());
        assertThat(expiring.getInt("total")).isEqualTo(2);

        JsonPath padExpired = get(
                Tokens.master("m"),
                "/api/monitoring/readiness/devices?problem=pad-expired&sido={s}&gugun={g}",
                SIDO,
                GUGUN);
        assertThat(padExpired.getList("items.equipmentSerial")).containsExactly(PAD_CORRECTED_THEN_RESENT);
        assertThat(padExpired.getString("items[0].padExpiryDate"))
                .isEqualTo(TODAY.minusDays(5).toString());
        assertThat(padExpired.getString("items[0].registryPadExpiryDate"))
                .isEqualTo(TODAY.plusDays(100).toString());
        assertThat(padExpired.getString("items[0].correctedPadExpiryDate"))
                .isEqualTo(TODAY.minusDays(5).toString());

        JsonPath neverInspected = get(
                Tokens.master("m"),
                "/api/monitoring/readiness/devices?problem=not-inspected-two-months&sido={s}&gugun={g}",
                SIDO,
                GUGUN);
        assertThat(neverInspected.getList("items.equipmentSerial", String.class))
                .containsExactlyElementsOf(List.of(BATTERY_IN_31_DAYS, PAD_IN_10_DAYS).stream()
                        .sorted()
                        .toList());
        assertThat(neverInspected.getString(
                        "items.find { it.equipmentSerial == '" + PAD_IN_10_DAYS + "' }.lastInspectionDate"))
                .isEqualTo(TWO_MONTHS_AGO.toString());
    }

    @Test
    void anInspectorsCorrectionOverridesTheRegistryFromWhenTheSessionCompleted() {
        Map<String, Object> row = Database.rows(
                        "SELECT pad_expiry_date::text AS pad, registry_pad_expiry::text AS registry,"
                                + " last_inspection_date::text AS inspected FROM monitoring.devices"
                                + " WHERE equipment_serial = ?",
                        PAD_CORRECTED_LATER)
                .get(0);
        assertThat(row)
                .containsEntry("pad", TODAY.plusDays(300).toString())
                .containsEntry("registry", TODAY.minusDays(10).toString())
                .containsEntry("inspected", TODAY.toString());

        // a later change in the registry (new pads recorded there) counts from its own moment
        String serial = PAD_CORRECTED_LATER;
        Events.device(serial, SIDO, GUGUN, FAR, TODAY.plusDays(500), null, "active", OffsetDateTime.now());
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(Database.<String>scalar(
                                "SELECT pad_expiry_date::text FROM monitoring.devices WHERE equipment_serial = ?",
                                serial))
                        .isEqualTo(TODAY.plusDays(500).toString()));
    }

    @Test
    void groupBySidoAddsUpTheSido() {
        JsonPath figures = get(Tokens.regionalAdmin("ra", SIDO), "/api/monitoring/readiness?groupBy=sido");
        assertThat(figures.getList("items")).hasSize(1);
        assertThat(figures.getString("items[0].sido")).isEqualTo(SIDO);
        assertThat(figures.getString("items[0].gugun")).isNull();
        assertThat(figures.getInt("items[0].devices")).isGreaterThanOrEqualTo(6);
    }
}
