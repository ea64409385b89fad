package pics.aed.schedules;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import pics.aed.testsupport.Database;

/** Test data for the schedules service: devices in its view, schedules as rows, and the calls every test makes. */
final class Fixtures {

    static final String SEOUL = "서울특별시";
    static final String JONGNO = "종로구";
    static final String GANGNAM = "강남구";
    static final String BUSAN = "부산광역시";
    static final String HAEUNDAE = "해운대구";
    static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

    private Fixtures() {}

    /** A new device in the view; returns its serial. */
    static String device(String sido, String gugun, String dataStatus) {
        String serial = "S-" + UUID.randomUUID().toString().substring(0, 18);
        Database.execute(
                "INSERT INTO scheduling.devices (equipment_serial, sido, gugun, data_status) VALUES (?, ?, ?, ?)",
                serial,
                sido,
                gugun,
                dataStatus);
        return serial;
    }

    static String deviceInJongno() {
        return device(SEOUL, JONGNO, "active");
    }

    /** A gugun name no other test uses, so that plans and compliance of one test see only its own devices. */
    static String uniqueGugun() {
        return "시험구-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A whole hour some days ahead: far enough that nothing is in the past, the same month or not. */
    static OffsetDateTime future(int days) {
        return OffsetDateTime.now(KOREA).plusDays(days).truncatedTo(ChronoUnit.HOURS);
    }

    /** A schedule as a row, in any state and at any time (the API refuses past times). */
    static UUID scheduleRow(String serial, String sido, String gugun, OffsetDateTime at, String status) {
        UUID id = UUID.randomUUID();
        Database.execute("""
                INSERT INTO scheduling.schedules (id, equipment_serial, sido, gugun, assignee_id, scheduled_for, due_at,
                                                  slot, status, session_id, cancel_reason, created_by)
                VALUES (?, ?, ?, ?, 'row-inspector', ?, ?,
                        tstzrange(?::timestamptz - interval '15 minutes', ?::timestamptz + interval '15 minutes', '[)'),
                        ?, CASE WHEN ? = 'in_progress' THEN gen_random_uuid() END,
                        CASE WHEN ? = 'cancelled' THEN 'test' END, 'fixtures')""", id, serial, sido, gugun, at, at.plusHours(1), at, at, status, status, status);
        return id;
    }

    static String createBody(String serial, OffsetDateTime at, String assignee) {
        return "{\"equipmentSerial\": \"" + serial + "\", \"scheduledFor\": \"" + at + "\", \"assigneeId\": \""
                + assignee + "\"}";
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    static Response create(String token, String serial, OffsetDateTime at, String assignee) {
        return as(token).body(createBody(serial, at, assignee)).post("/api/schedules");
    }

    static String createdId(String token, String serial, OffsetDateTime at, String assignee) {
        return create(token, serial, at, assignee)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static long liveSchedules(String serial) {
        return Database.count("scheduling.schedules", "equipment_serial = ? AND status <> 'cancelled'", serial);
    }

    /**
     * A transaction on its own connection that holds a lock until closed (rolled back), so that a request blocks
     * behind it: the way to keep a first request in flight while a retry arrives.
     */
    static final class HeldLock implements AutoCloseable {

        private final Connection connection;

        HeldLock(String sql) {
            try {
                connection = Database.connect();
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try (connection) {
                connection.rollback();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
