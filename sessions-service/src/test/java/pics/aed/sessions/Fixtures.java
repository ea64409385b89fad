package pics.aed.sessions;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.UUID;
import pics.aed.testsupport.Database;

/** Test data for the sessions service: devices in the view, assignments, and the calls every test makes. */
final class Fixtures {

    static final String SEOUL = "서울특별시";
    static final String JONGNO = "종로구";
    static final String GANGNAM = "강남구";
    static final String BUSAN = "부산광역시";
    static final String HAEUNDAE = "해운대구";

    static final String VALID_RESULT = """
            {"result": {"batteryStatus": "good", "padStatus": "good", "operationStatus": "normal",
             "batteryExpiryDate": "2028-03-31", "padExpiryDate": "2027-01-31",
             "gps": {"latitude": 37.57, "longitude": 126.98},
             "storage": {"box": "working", "checklist": {"alarm": "normal"}},
             "signage": ["entrance"], "photos": ["photos/1.jpg"], "notes": "ok"}}""";

    private Fixtures() {}

    /** A new device in the view, in the given region; returns its serial. */
    static String device(String sido, String gugun) {
        String serial = "T-" + UUID.randomUUID().toString().substring(0, 18);
        Database.execute("""
                INSERT INTO inspection.devices (equipment_serial, sido, gugun, data_status, snapshot)
                VALUES (?, ?, ?, 'active', jsonb_build_object('equipmentSerial', ?::text, 'sido', ?::text,
                        'gugun', ?::text, 'batteryExpiryDate', '2028-03-31', 'padExpiryDate', '2027-01-31',
                        'institution', '종로구청'))""", serial, sido, gugun, serial, sido, gugun);
        return serial;
    }

    static String deviceInJongno() {
        return device(SEOUL, JONGNO);
    }

    /** A pending assignment of the device to the inspector; returns its id. */
    static UUID assignment(String serial, String assignee, String sido, String gugun) {
        UUID id = UUID.randomUUID();
        Database.execute("""
                INSERT INTO inspection.assignments (id, schedule_id, equipment_serial, assignee_id, sido, gugun,
                                                    due_at, status)
                VALUES (?, ?, ?, ?, ?, ?, now() + interval '7 days', 'pending')""", id, UUID.randomUUID(), serial, assignee, sido, gugun);
        return id;
    }

    static Response start(String token, String serial) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"equipmentSerial\": \"" + serial + "\"}")
                .post("/api/inspections/sessions");
    }

    static String startedSessionId(String token, String serial) {
        return start(token, serial).then().statusCode(201).extract().path("id");
    }

    static Response complete(String token, String sessionId, String body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/api/inspections/sessions/" + sessionId + "/complete");
    }

    static long openSessions(String serial) {
        return Database.count("inspection.sessions", "equipment_serial = ? AND status IN ('active','paused')", serial);
    }
}
