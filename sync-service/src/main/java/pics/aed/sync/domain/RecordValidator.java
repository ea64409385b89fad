package pics.aed.sync.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import pics.aed.sync.domain.Reject.Stage;

/**
 * Stages 1 and 2 of docs/sync.md "Validate" for one record: format (required fields, types, lengths) and the business rules
 * that need only the record itself (known sido/gugun pair, coordinates inside Korea and plausibly inside the sido).
 * Duplicate serials within a run and database conflicts need the whole run: the pipeline checks them in SQL.
 */
public class RecordValidator {

    /** The day prefixes of the Open API's opening-hours elements ({@code monSttTme} … {@code holEndTme}). */
    public static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun", "hol");

    /** monSttTme, monEndTme, … holEndTme: built once, they are looked up 16 times per record. */
    private static final List<String> OPENING_HOURS_FIELDS = DAYS.stream()
            .flatMap(day -> java.util.stream.Stream.of(day + "SttTme", day + "EndTme"))
            .toList();

    private static final Pattern SERIAL = Pattern.compile("[0-9A-Za-z][0-9A-Za-z\\-_]{0,49}");
    private static final Pattern HHMM = Pattern.compile("([01][0-9]|2[0-3])[0-5][0-9]|2400");
    private static final int MAX_TEXT = 200;
    private static final int MAX_ADDRESS = 255;

    /** Where each device field comes from in one source; null when the source has no such field. */
    public record Columns(
            String serial,
            String managementNumber,
            String sido,
            String gugun,
            String healthCenter,
            String institution,
            String address,
            String position,
            String latitude,
            String longitude,
            String manufacturer,
            String model,
            String manufacturingDate,
            String batteryExpiryDate,
            String padExpiryDate,
            String operationStatus,
            String lastInspectionDate,
            boolean openingHours,
            String clerkTel,
            String manager,
            String managerTel,
            String zipcode1,
            String zipcode2) {}

    /** The data.go.kr {@code getAedFullDown} item elements. */
    public static final Columns OPEN_API = new Columns(
            "serialSeq",
            null,
            "sido",
            "gugun",
            null,
            "org",
            "buildAddress",
            "buildPlace",
            "wgs84Lat",
            "wgs84Lon",
            "mfg",
            "model",
            null,
            null,
            null,
            null,
            null,
            true,
            "clerkTel",
            "manager",
            "managerTel",
            "zipcode1",
            "zipcode2");

    /** The e-gen registration export's Korean headers. */
    public static final Columns REGISTRATION_EXPORT = new Columns(
            "장비연번",
            "관리번호",
            "시_도",
            "구_군",
            "관할보건소",
            "설치기관명",
            "설치기관_주소",
            "설치위치",
            "위도",
            "경도",
            "제조사",
            "모델명",
            "제조일자",
            "배터리_유효기간",
            "패치_유효기간",
            "운영현황",
            "최근점검일",
            false,
            null,
            null,
            null,
            null,
            null);

    /** Either a device record or the reason it was refused. */
    public record Outcome(DeviceRecord record, Reject reject) {}

    private final Columns columns;

    public RecordValidator(Columns columns) {
        this.columns = columns;
    }

    public Outcome validate(RawRecord raw) {
        String serial = raw.get(columns.serial());
        try {
            DeviceRecord record = format(raw, serial);
            Optional<String> businessProblem = business(record);
            return businessProblem.isPresent()
                    ? new Outcome(null, new Reject(raw.seq(), serial, Stage.business, businessProblem.get(), raw.raw()))
                    : new Outcome(record, null);
        } catch (FormatProblem problem) {
            return new Outcome(
                    null, new Reject(raw.seq(), truncate(serial), Stage.format, problem.getMessage(), raw.raw()));
        }
    }

    private DeviceRecord format(RawRecord raw, String serial) {
        if (serial == null) {
            throw new FormatProblem(columns.serial() + " (equipment serial) is missing");
        }
        if (!SERIAL.matcher(serial).matches()) {
            throw new FormatProblem(columns.serial() + " '" + truncate(serial)
                    + "' is not a serial (1–50 letters, digits, '-' or '_')");
        }
        String sido = required(raw, columns.sido(), "sido");
        String gugun = required(raw, columns.gugun(), "gugun");
        Double lat = number(raw, columns.latitude());
        Double lon = number(raw, columns.longitude());
        if ((lat == null) != (lon == null)) {
            throw new FormatProblem("only one of latitude and longitude is present");
        }
        String zipcode = joinZip(text(raw, columns.zipcode1(), 10), text(raw, columns.zipcode2(), 10));
        return new DeviceRecord(
                raw.seq(),
                serial,
                text(raw, columns.managementNumber(), 50),
                KoreanRegions.sido(sido).map(KoreanRegions.Sido::name).orElse(sido),
                gugun,
                text(raw, columns.healthCenter(), MAX_TEXT),
                text(raw, columns.institution(), MAX_TEXT),
                text(raw, columns.address(), MAX_ADDRESS),
                text(raw, columns.position(), MAX_TEXT),
                lat,
                lon,
                text(raw, columns.manufacturer(), MAX_TEXT),
                text(raw, columns.model(), MAX_TEXT),
                date(raw, columns.manufacturingDate()),
                date(raw, columns.batteryExpiryDate()),
                date(raw, columns.padExpiryDate()),
                text(raw, columns.operationStatus(), 50),
                date(raw, columns.lastInspectionDate()),
                columns.openingHours() ? openingHours(raw) : null,
                text(raw, columns.clerkTel(), 50),
                text(raw, columns.manager(), 50),
                text(raw, columns.managerTel(), 50),
                zipcode);
    }

    private static Optional<String> business(DeviceRecord record) {
        Optional<KoreanRegions.Sido> sido = KoreanRegions.sido(record.sido());
        if (sido.isEmpty()) {
            return Optional.of("unknown sido '" + record.sido() + "'");
        }
        if (!sido.get().gugun().contains(record.gugun())) {
            return Optional.of(
                    "unknown gugun '" + record.gugun() + "' in " + sido.get().name());
        }
        if (record.latitude() != null) {
            double lat = record.latitude();
            double lon = record.longitude();
            if (!KoreanRegions.insideKorea(lat, lon)) {
                return Optional.of("coordinates " + lat + ", " + lon + " are outside Korea (33–39°N, 124–132°E)");
            }
            if (!sido.get().contains(lat, lon)) {
                return Optional.of("coordinates " + lat + ", " + lon + " are not inside "
                        + sido.get().name());
            }
        }
        return Optional.empty();
    }

    private static String required(RawRecord raw, String name, String what) {
        String value = raw.get(name);
        if (value == null) {
            throw new FormatProblem(name + " (" + what + ") is missing");
        }
        if (value.length() > 50) {
            throw new FormatProblem(name + " is longer than 50 characters");
        }
        return withoutNul(name, value);
    }

    private static String text(RawRecord raw, String name, int max) {
        if (name == null) {
            return null;
        }
        String value = raw.get(name);
        if (value != null && value.length() > max) {
            throw new FormatProblem(name + " is longer than " + max + " characters");
        }
        return value == null ? null : withoutNul(name, value);
    }

    /** PostgreSQL text cannot hold U+0000 (a file can; XML cannot): the record is refused, not the run. */
    private static String withoutNul(String name, String value) {
        if (value.indexOf('\u0000') >= 0) {
            throw new FormatProblem(name + " contains a NUL character");
        }
        return value;
    }

    private static Double number(RawRecord raw, String name) {
        String value = raw.get(name);
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new FormatProblem(name + " '" + truncate(value) + "' is not a number");
        }
    }

    /** The export writes dates as 2027-03-31, 20270331, 2027.03.31 or 2027/03/31. */
    private static LocalDate date(RawRecord raw, String name) {
        if (name == null) {
            return null;
        }
        String value = raw.get(name);
        if (value == null) {
            return null;
        }
        String digits = value.replaceAll("[-./]", "");
        try {
            if (digits.length() != 8 || !digits.chars().allMatch(Character::isDigit)) {
                throw new DateTimeParseException("not yyyymmdd", value, 0);
            }
            return LocalDate.of(
                    Integer.parseInt(digits.substring(0, 4)),
                    Integer.parseInt(digits.substring(4, 6)),
                    Integer.parseInt(digits.substring(6)));
        } catch (RuntimeException e) {
            throw new FormatProblem(name + " '" + truncate(value) + "' is not a date (yyyy-mm-dd)");
        }
    }

    private static Map<String, String> openingHours(RawRecord raw) {
        Map<String, String> hours = new LinkedHashMap<>();
        for (String field : OPENING_HOURS_FIELDS) {
            String value = raw.get(field);
            if (value != null) {
                if (!HHMM.matcher(value).matches()) {
                    throw new FormatProblem(field + " '" + truncate(value) + "' is not a time (HHmm)");
                }
                hours.put(field, value);
            }
        }
        return hours.isEmpty() ? null : hours;
    }

    private static String joinZip(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + "-" + second;
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }

    /** A format problem; cheap, it is a normal outcome. */
    private static final class FormatProblem extends RuntimeException {
        FormatProblem(String message) {
            super(message, null, false, false);
        }
    }
}
