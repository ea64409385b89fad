package pics.aed.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import pics.aed.faults.LocalStack.Service;

/**
 * Invariants 1 and 2 (docs/architecture.md): no device with two open sessions, no two live schedules of a device less
 * than 30 minutes apart. monitoring-service's audits must say 0 and a direct SQL query must agree with them.
 */
final class InvariantCheck {

    static final String DUPLICATE_OPEN_SESSIONS = """
            SELECT equipment_serial FROM inspection.sessions
             WHERE status IN ('active', 'paused') GROUP BY equipment_serial HAVING count(*) > 1""";
    static final String OVERLAPPING_SCHEDULES = """
            SELECT DISTINCT a.equipment_serial FROM scheduling.schedules a
              JOIN scheduling.schedules b
                ON b.equipment_serial = a.equipment_serial AND b.id <> a.id AND b.slot && a.slot
             WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'""";

    private final LocalStack stack;
    private final String serviceToken;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    InvariantCheck(LocalStack stack, DevTokens tokens) {
        this.stack = stack;
        this.serviceToken = tokens.service("fault-suite-audits");
    }

    List<Finding> check() throws SQLException {
        List<Finding> findings = new ArrayList<>();
        try (Connection c = stack.superuser()) {
            compare(findings, "duplicate open sessions", Sql.strings(c, DUPLICATE_OPEN_SESSIONS), "duplicate-sessions");
            compare(findings, "overlapping schedules", Sql.strings(c, OVERLAPPING_SCHEDULES), "duplicate-schedules");
        }
        return findings;
    }

    private void compare(List<Finding> findings, String invariant, List<String> bySql, String audit) {
        long audited = audit(audit);
        if (!bySql.isEmpty()) {
            findings.add(Finding.of("duplicated: " + invariant + " (SQL)", bySql));
        }
        if (audited != 0) {
            findings.add(new Finding("duplicated: " + invariant + " (monitoring audit)", audited, List.of()));
        }
        if (audited != bySql.size()) {
            findings.add(new Finding(
                    "audit disagrees with SQL on " + invariant,
                    Math.abs(audited - bySql.size()),
                    List.of("audit " + audited, "SQL " + bySql.size())));
        }
    }

    /** The audit's count, or -1 when monitoring-service does not answer (a finding while it is down). */
    long audit(String name) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(stack.url(Service.MONITORING) + "/api/monitoring/" + name))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + serviceToken)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            JsonNode body = json.readTree(response.body());
            return body.path("count").asLong(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** monitoring-service's cross-service consistency checks: every one with a count above 0. */
    List<Finding> consistency() {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(stack.url(Service.MONITORING) + "/api/monitoring/consistency"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + serviceToken)
                .build();
        List<Finding> findings = new ArrayList<>();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return List.of(
                        new Finding("consistency audit unavailable", 1, List.of("HTTP " + response.statusCode())));
            }
            for (JsonNode check : json.readTree(response.body()).path("checks")) {
                if (check.path("count").asLong() > 0) {
                    List<String> examples = new ArrayList<>();
                    check.path("examples").forEach(e -> examples.add(e.asText()));
                    findings.add(new Finding(
                            "consistency audit " + check.path("name").asText(),
                            check.path("count").asLong(),
                            examples));
                }
            }
        } catch (IOException e) {
            findings.add(new Finding("consistency audit unavailable", 1, List.of(e.toString())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return findings;
    }
}
