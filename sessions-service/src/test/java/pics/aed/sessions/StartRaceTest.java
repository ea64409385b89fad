package pics.aed.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Race;
import pics.aed.testsupport.Tokens;

/** Invariant 1 under real concurrency: many threads, one device, then the database is checked. */
@QuarkusTest
class StartRaceTest {

    @Test
    void twoHundredInspectorsRaceForOneDeviceAndExactlyOneWins() throws Exception {
        String serial = Fixtures.deviceInJongno();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tokens.add(Tokens.inspector("racer-" + i + "-" + serial, Fixtures.SEOUL, Fixtures.JONGNO));
        }
        List<Response> responses = Race.run(200, i -> Fixtures.start(tokens.get(i), serial));

        List<Integer> statuses = responses.stream().map(Response::statusCode).toList();
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(199);
        String winner = responses.stream()
                .filter(r -> r.statusCode() == 201)
                .findFirst()
                .orElseThrow()
                .path("id");
        assertThat(responses.stream().filter(r -> r.statusCode() == 409).map(r -> (String) r.path("activeSessionId")))
                .containsOnly(winner);
        assertThat(responses.stream().filter(r -> r.statusCode() == 409).map(r -> (String) r.path("type")))
                .containsOnly("https://aed.pics/problems/session-held-by-other");
        assertThat(Database.count("inspection.sessions", "equipment_serial = ?", serial))
                .isEqualTo(1);
        assertThat(Fixtures.openSessions(serial)).isEqualTo(1);
    }

    @Test
    void fiftyStartsByOneInspectorYieldOneSession() throws Exception {
        String serial = Fixtures.deviceInJongno();
        String token = Tokens.inspector("eager-" + serial, Fixtures.SEOUL, Fixtures.JONGNO);
        List<Response> responses = Race.run(50, i -> Fixtures.start(token, serial));

        assertThat(responses.stream().map(Response::statusCode)).containsOnly(200, 201);
        assertThat(responses.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
        String id = responses.get(0).path("id");
        assertThat(responses.stream().map(r -> (String) r.path("id"))).containsOnly(id);
        assertThat(responses.stream().filter(r -> r.statusCode() == 200).map(r -> (Boolean) r.path("resumed")))
                .containsOnly(true);
        assertThat(Database.count("inspection.sessions", "equipment_serial = ?", serial))
                .isEqualTo(1);
    }
}
