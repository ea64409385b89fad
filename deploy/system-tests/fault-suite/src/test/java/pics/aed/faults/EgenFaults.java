package pics.aed.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pics.aed.faults.LocalStack.Service;

/**
 * The e-gen simulator's faults turned on while a full sync runs (page 1 is served slowly, so the run is under way when
 * they start; the page faults hit page 2 of 3). The run must end failed or aborted and leave the registry
 * byte-identical.
 */
final class EgenFaults {

    /** Every fault the simulator has that a sync must refuse, each as its query string. */
    static final Map<String, String> EACH = new LinkedHashMap<>();

    static {
        // the feed looks wrong: a guard aborts the run
        EACH.put("20 % of devices dropped", "dropShare=0.2");
        EACH.put("15 % of devices changed", "changeShare=0.15");
        EACH.put("blanked field org", "blankField=org");
        EACH.put("page without coordinates", "missingCoordinatesPage=2");
        EACH.put("total count drifts", "totalCountDriftPage=2");
        // a broken page: the run fails
        EACH.put("malformed XML", "malformedPage=2");
        EACH.put("truncated XML", "truncatedPage=2");
        EACH.put("HTML page", "htmlPage=2");
        EACH.put("no data page", "noDataPage=2");
        EACH.put("error code 30 (key)", "errorCode=30&errorPage=2");
        EACH.put("error code 22 (quota)", "errorCode=22&errorPage=2");
        // e-gen away (last: these open sync-service's circuit breaker for a minute)
        EACH.put("connection reset", "connectionResetPage=2");
        EACH.put("HTTP 429", "http429=1000");
        EACH.put("HTTP 500 for ever", "http500Forever=true");
    }

    static String all() {
        return String.join("&", EACH.values());
    }

    private final LocalStack stack;
    private final String serviceToken;
    private final RegistryCheck registry;

    EgenFaults(LocalStack stack, DevTokens tokens, RegistryCheck registry) {
        this.stack = stack;
        this.serviceToken = tokens.service("fault-suite-sync");
        this.registry = registry;
    }

    /** One full sync with {@code faults} turned on mid-run; findings if it succeeded or changed the registry. */
    List<Finding> duringASync(String faults) throws Exception {
        List<Finding> findings = new ArrayList<>();
        String before = registry.hash();
        simulator("/simulator/faults?slowPage=1&slowMillis=2000");
        SuiteHttp.Reply started =
                SuiteHttp.post(stack.url(Service.SYNC) + "/api/sync/runs", serviceToken, "{\"mode\": \"full\"}");
        if (started.status() != 202) {
            simulator("/simulator/reset");
            return List.of(
                    new Finding("sync could not start", 1, List.of("HTTP " + started.status() + " " + started.body())));
        }
        String runId = started.body().path("id").asText();
        Thread.sleep(800);
        simulator("/simulator/faults?" + faults);
        String status = awaitEnd(runId);
        simulator("/simulator/reset");
        simulator("/simulator/faults?invalidEvery=1000");
        if (!status.equals("failed") && !status.equals("aborted")) {
            findings.add(new Finding("sync with faults on did not fail", 1, List.of(faults + " → " + status)));
        }
        String after = registry.hash();
        if (!before.equals(after)) {
            findings.add(new Finding(
                    "registry changed by a failed or aborted sync", 1, List.of(before + " → " + after, faults)));
        }
        return findings;
    }

    String awaitEnd(String runId) throws Exception {
        long deadline = System.nanoTime() + LocalStack.READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            SuiteHttp.Reply run = SuiteHttp.get(stack.url(Service.SYNC) + "/api/sync/runs/" + runId, serviceToken);
            String status = run.body().path("status").asText("");
            if (run.status() == 200 && !status.equals("running")) {
                return status;
            }
            Thread.sleep(500);
        }
        return "still running after " + LocalStack.READY_TIMEOUT;
    }

    /** A clean full sync (the first fill of the registry). */
    String cleanSync() throws Exception {
        SuiteHttp.Reply started =
                SuiteHttp.post(stack.url(Service.SYNC) + "/api/sync/runs", serviceToken, "{\"mode\": \"full\"}");
        if (started.status() == 409) {
            // sync-service started one by itself (an empty registry): that one fills it
            return awaitEnd(started.body().path("runningRunId").asText());
        }
        if (started.status() != 202) {
            throw new IllegalStateException("sync did not start: " + started.status() + " " + started.body());
        }
        return awaitEnd(started.body().path("id").asText());
    }

    private void simulator(String pathAndQuery) throws Exception {
        SuiteHttp.Reply reply = SuiteHttp.post(stack.egenUrl() + pathAndQuery, null, "");
        if (reply.status() != 200) {
            throw new IllegalStateException("simulator " + pathAndQuery + " answered " + reply.status());
        }
    }
}
