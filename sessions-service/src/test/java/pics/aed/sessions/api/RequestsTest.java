package pics.aed.sessions.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pics.aed.sessions.domain.InspectionResult;
import pics.aed.sessions.domain.InspectionResult.BatteryStatus;
import pics.aed.sessions.domain.InspectionResult.Gps;
import pics.aed.sessions.domain.InspectionResult.OperationStatus;
import pics.aed.sessions.domain.InspectionResult.PadStatus;
import pics.aed.sessions.domain.InspectionResult.Storage;
import pics.aed.sessions.domain.InspectionResult.StorageBox;

/** The request bodies' rules (bean validation), without Quarkus. */
class RequestsTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    private static Set<String> invalidFields(Object request) {
        Set<ConstraintViolation<Object>> violations = validator.validate(request);
        return violations.stream()
                .map(v -> v.getPropertyPath().toString())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static InspectionResult result(Gps gps, String notes, List<String> signage) {
        return new InspectionResult(
                BatteryStatus.good,
                PadStatus.good,
                OperationStatus.normal,
                LocalDate.of(2028, 3, 31),
                null,
                gps,
                new Storage(StorageBox.working, Map.of()),
                signage,
                null,
                null,
                notes);
    }

    @Test
    void aSerialIsRequiredShortAndPlain() {
        assertThat(invalidFields(new Requests.StartSession("031-150316-007123")))
                .isEmpty();
        assertThat(invalidFields(new Requests.StartSession(" "))).contains("equipmentSerial");
        assertThat(invalidFields(new Requests.StartSession(null))).contains("equipmentSerial");
        assertThat(invalidFields(new Requests.StartSession("x".repeat(51)))).contains("equipmentSerial");
        assertThat(invalidFields(new Requests.StartSession("a b"))).contains("equipmentSerial");
        assertThat(invalidFields(new Requests.StartSession("a;DROP"))).contains("equipmentSerial");
    }

    @Test
    void stepsRunFromZeroToTwenty() {
        assertThat(invalidFields(new Requests.PatchSession(0, null, null))).isEmpty();
        assertThat(invalidFields(new Requests.PatchSession(20, Map.of("a", 1), Requests.OpenStatus.paused)))
                .isEmpty();
        assertThat(invalidFields(new Requests.PatchSession(-1, null, null))).contains("currentStep");
        assertThat(invalidFields(new Requests.PatchSession(21, null, null))).contains("currentStep");
    }

    @Test
    void aResultNeedsItsThreeStatusesAndACoordinateInKorea() {
        assertThat(invalidFields(new Requests.CompleteSession(result(new Gps(37.57, 126.98), "ok", List.of()))))
                .isEmpty();
        assertThat(invalidFields(new Requests.CompleteSession(null))).contains("result");
        assertThat(invalidFields(new Requests.CompleteSession(
                        new InspectionResult(null, null, null, null, null, null, null, null, null, null, null))))
                .contains("result.batteryStatus", "result.padStatus", "result.operationStatus");
        assertThat(invalidFields(new Requests.CompleteSession(result(new Gps(35.0, 140.0), null, null))))
                .contains("result.gps.longitude");
        assertThat(invalidFields(new Requests.CompleteSession(result(new Gps(32.9, 127.0), null, null))))
                .contains("result.gps.latitude");
        assertThat(invalidFields(new Requests.CompleteSession(result(new Gps(null, 127.0), null, null))))
                .contains("result.gps.latitude");
    }

    @Test
    void freeTextIsBounded() {
        assertThat(invalidFields(new Requests.CompleteSession(result(null, "n".repeat(2001), null))))
                .contains("result.notes");
        assertThat(invalidFields(new Requests.CompleteSession(result(null, null, List.of("s".repeat(51))))))
                .anyMatch(field -> field.startsWith("result.signage"));
        assertThat(invalidFields(new Requests.CancelSession("r".repeat(501)))).contains("reason");
        assertThat(invalidFields(new Requests.RejectInspection(" "))).contains("reason");
        assertThat(invalidFields(new Requests.RejectInspection("r".repeat(1001))))
                .contains("reason");
        assertThat(invalidFields(new Requests.RejectInspection("photo missing")))
                .isEmpty();
    }
}
