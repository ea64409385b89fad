package pics.aed.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import pics.aed.faults.LocalStack.Service;

/**
 * A steady write load of our own: inspectors each running sessions on their area's devices (start, save progress four
 * times, complete) and one local admin per area planning schedules, every write with an {@code Idempotency-Key}, each
 * user pausing {@link Crowd#think()} (±50 %) before a write as a person would. A
 * write that fails for a reason a retry can cure (no answer, 5xx, a request in flight) is retried with the same key
 * until it gets an answer or {@code retryFor} passes, as a phone would; one start in ten is replayed on purpose. The
 * generator records every attempt (for the fault table) and every write it saw succeed (for the checks).
 */
final class LoadGenerator implements AutoCloseable {

    /** One area of the registry and its devices. */
    record Area(String sido, String gugun, List<String> devices) {}

    /** Who writes: {@code areas} areas, each with its inspectors and one local admin; a user's pause between writes. */
    record Crowd(int areas, int inspectorsPerArea, Duration think) {
        int users() {
            return areas * (inspectorsPerArea + 1);
        }

        @Override
        public String toString() {
            return users() + " users (" + areas + " areas × " + inspectorsPerArea + " inspectors and 1 local admin)"
                    + ", thinking " + think.toMillis() + " ms between writes";
        }
    }

    /** An admin's pause after each schedule, on top of the think time: planning, not a flood, also in the short form. */
    private static final long ADMIN_PACE_MILLIS = 400;

    enum Kind {
        START,
        SAVE,
        COMPLETE,
        SCHEDULE
    }

    /** One HTTP attempt: when, to which service, its status (-2: no answer) and whether the client saw it succeed. */
    record Attempt(long atMillis, Service service, int status) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** A write the client saw succeed: the session or schedule id, and for a save its step. */
    record Succeeded(Kind kind, String actor, String id, int step) {}

    /** A write whose outcome the client never learnt (it gave up retrying): it may or may not have happened. */
    record GaveUp(Kind kind, String actor) {}

    static final String RESULT = """
            {"result": {"batteryStatus": "good", "padStatus": "good", "operationStatus": "normal",
             "gps": {"latitude": 37.57, "longitude": 126.98}, "notes": "fault suite"}}""";

    final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    final Queue<Succeeded> succeeded = new ConcurrentLinkedQueue<>();
    final Queue<GaveUp> gaveUp = new ConcurrentLinkedQueue<>();
    /** Replays that did not answer what the first request answered: a duplicated effect. */
    final Queue<String> replayMismatches = new ConcurrentLinkedQueue<>();

    final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final LocalStack stack;
    private final DevTokens tokens;
    private final List<Area> areas;
    private final Crowd crowd;
    private final Duration retryFor;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final List<Thread> workers = new ArrayList<>();
    private final Object gate = new Object();
    private boolean paused;
    private int waiting;
    private volatile boolean running = true;

    private volatile long startedAt;

    LoadGenerator(LocalStack stack, DevTokens tokens, List<Area> areas, Crowd crowd, Duration retryFor) {
        if (areas.size() != crowd.areas()) {
            throw new IllegalArgumentException("the registry has " + areas.size()
                    + " areas with active devices, the crowd needs " + crowd.areas());
        }
        this.stack = stack;
        this.tokens = tokens;
        this.areas = areas;
        this.crowd = crowd;
        this.retryFor = retryFor;
    }

    String inspectorId(int area, int inspector) {
        return "fault-" + runId + "-a" + area + "-kim" + inspector;
    }

    String adminId(int area) {
        return "fault-" + runId + "-a" + area + "-admin";
    }

    void start() {
        startedAt = System.currentTimeMillis();
        int inspectorsPerArea = crowd.inspectorsPerArea();
        for (int a = 0; a < areas.size(); a++) {
            Area area = areas.get(a);
            for (int i = 0; i < inspectorsPerArea; i++) {
                List<String> mine = new ArrayList<>();
                for (int d = i; d < area.devices().size(); d += inspectorsPerArea) {
                    mine.add(area.devices().get(d));
                }
                String id = inspectorId(a, i);
                String token = tokens.inspector(id, area.sido(), area.gugun());
                workers.add(started(id, () -> inspect(id, token, mine)));
            }
            int areaIndex = a;
            String admin = adminId(a);
            String token = tokens.localAdmin(admin, area.sido(), area.gugun());
            workers.add(started(admin, () -> plan(areaIndex, admin, token, area)));
        }
    }

    private static Thread started(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    // ---- the inspector's day -------------------------------------------------------------------------------------

    private void inspect(String inspector, String token, List<String> devices) {
        int next = 0;
        while (running) {
            String device = devices.get(next++ % devices.size());
            runSession(inspector, token, device);
        }
    }

    private void runSession(String inspector, String token, String device) {
        String startBody = "{\"equipmentSerial\": \"" + device + "\"}";
        String startKey = UUID.randomUUID().toString();
        Answer start = write(Service.SESSIONS, "POST", "/api/inspections/sessions", token, startBody, startKey);
        if (start.gaveUp()) {
            gaveUp.add(new GaveUp(Kind.START, inspector));
            return;
        }
        if (!start.ok()) {
            return;
        }
        String sessionId = start.body().path("id").asText();
        succeeded.add(new Succeeded(Kind.START, inspector, sessionId, 0));
        if (ThreadLocalRandom.current().nextInt(10) == 0) {
            replay(inspector, token, startBody, startKey, sessionId);
        }
        for (int step = 1; step <= 4; step++) {
            String body = "{\"currentStep\": " + step + ", \"stepData\": {\"step" + step + "\": \"checked\"}}";
            Answer saved = write(
                    Service.SESSIONS,
                    "PATCH",
                    "/api/inspections/sessions/" + sessionId,
                    token,
                    body,
                    UUID.randomUUID().toString());
            if (saved.gaveUp()) {
                gaveUp.add(new GaveUp(Kind.SAVE, inspector));
                return;
            }
            if (!saved.ok()) {
                return;
            }
            succeeded.add(new Succeeded(Kind.SAVE, inspector, sessionId, step));
        }
        Answer completed = write(
                Service.SESSIONS,
                "POST",
                "/api/inspections/sessions/" + sessionId + "/complete",
                token,
                RESULT,
                UUID.randomUUID().toString());
        if (completed.gaveUp()) {
            gaveUp.add(new GaveUp(Kind.COMPLETE, inspector));
        } else if (completed.ok()) {
            succeeded.add(new Succeeded(Kind.COMPLETE, inspector, sessionId, 0));
        }
    }

    /** The same start with the same key again, as a phone that lost the answer: it must name the same session. */
    private void replay(String inspector, String token, String body, String key, String sessionId) {
        Answer again = write(Service.SESSIONS, "POST", "/api/inspections/sessions", token, body, key);
        if (again.ok() && !sessionId.equals(again.body().path("id").asText())) {
            replayMismatches.add(inspector + ": start replayed with key " + key + " answered session "
                    + again.body().path("id").asText() + ", first " + sessionId);
        }
    }

    // ---- the admin's day -----------------------------------------------------------------------------------------

    private void plan(int area, String admin, String token, Area where) {
        // Each admin plans its own devices at times 31 minutes apart: no two of its schedules can overlap.
        OffsetDateTime first = OffsetDateTime.now(ZoneId.of("Asia/Seoul"))
                .plusDays(2)
                .truncatedTo(ChronoUnit.DAYS)
                .plusMinutes(31L * area);
        int k = 0;
        while (running) {
            String device = where.devices().get(k % where.devices().size());
            OffsetDateTime at = first.plusMinutes(31L * areas.size() * k);
            String assignee = inspectorId(area, k % crowd.inspectorsPerArea());
            k++;
            String body = "{\"equipmentSerial\": \"" + device + "\", \"scheduledFor\": \"" + at
                    + "\", \"assigneeId\": \"" + assignee + "\", \"notes\": \"fault suite\"}";
            Answer created = write(
                    Service.SCHEDULES,
                    "POST",
                    "/api/schedules",
                    token,
                    body,
                    UUID.randomUUID().toString());
            if (created.gaveUp()) {
                gaveUp.add(new GaveUp(Kind.SCHEDULE, admin));
            } else if (created.ok()) {
                succeeded.add(new Succeeded(
                        Kind.SCHEDULE, admin, created.body().path("id").asText(), 0));
            }
            pauseFor(ADMIN_PACE_MILLIS);
        }
    }

    // ---- one write, retried as a client would ----------------------------------------------------------------------

    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean gaveUp() {
            return status < 0;
        }
    }

    /** One user's pause before a write: the crowd's think time, ±50 %, so that the users do not march in step. */
    private long thinkMillis() {
        long think = crowd.think().toMillis();
        return think == 0 ? 0 : think / 2 + ThreadLocalRandom.current().nextLong(think + 1);
    }

    private Answer write(Service service, String method, String path, String token, String body, String key) {
        pauseFor(thinkMillis());
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoff = 250;
        while (true) {
            awaitGate();
            if (!running) {
                return new Answer(-1, null);
            }
            Answer answer = attempt(service, method, path, token, body, key);
            attempts.add(new Attempt(System.currentTimeMillis(), service, answer.status()));
            if (!retryable(answer)) {
                pauseFor(50 + ThreadLocalRandom.current().nextInt(100));
                return answer;
            }
            if (System.nanoTime() > deadline) {
                return new Answer(-1, null);
            }
            pauseFor(backoff);
            backoff = Math.min(backoff * 2, 2000);
        }
    }

    private static boolean retryable(Answer answer) {
        if (answer.status() < 0 || answer.status() >= 500 || answer.status() == 429) {
            return true;
        }
        return answer.status() == 409
                && answer.body() != null
                && answer.body().path("type").asText().endsWith("idempotency-request-in-flight");
    }

    private Answer attempt(Service service, String method, String path, String token, String body, String key) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body() == null || response.body().isBlank()
                    ? json.nullNode()
                    : json.readTree(response.body());
            return new Answer(response.statusCode(), parsed);
        } catch (IOException e) {
            return new Answer(-2, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return new Answer(-1, null);
        }
    }

    // ---- pausing for the checks ----------------------------------------------------------------------------------

    private void awaitGate() {
        synchronized (gate) {
            if (!paused) {
                return;
            }
            waiting++;
            gate.notifyAll();
            try {
                while (paused && running) {
                    gate.wait(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                waiting--;
            }
        }
    }

    /** Holds every worker before its next request; returns once all of them wait (or after {@code bound}). */
    void pause(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (gate) {
            paused = true;
            while (waiting < workers.size() && System.nanoTime() < deadline) {
                gate.wait(200);
            }
        }
    }

    void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    private void pauseFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    List<Area> areas() {
        return areas;
    }

    /** The failed attempts among those {@code counted}, by status, e.g. "500: 3, no answer: 12". */
    String failedByStatus(Predicate<Attempt> counted) {
        Map<String, Long> byStatus = new TreeMap<>();
        for (Attempt attempt : attempts) {
            if (counted.test(attempt) && !attempt.ok()) {
                byStatus.merge(attempt.status() < 0 ? "no answer" : Integer.toString(attempt.status()), 1L, Long::sum);
            }
        }
        return byStatus.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** What the load did until now: users, attempts, how many the clients saw fail, and the write rate. */
    String summary() {
        long now = System.currentTimeMillis();
        long total = attempts.size();
        long failed = attempts.stream().filter(attempt -> !attempt.ok()).count();
        String byStatus = failedByStatus(attempt -> true);
        double seconds = Math.max(1, now - startedAt) / 1000.0;
        return String.format(
                Locale.ROOT,
                "Load: %s. %d write attempts in %.0f s (%.1f a second, pauses for the checks included), %d not"
                        + " successful (%.2f %%%s), %d writes succeeded, %d given up after retrying for %d s.",
                crowd,
                total,
                seconds,
                total / seconds,
                failed,
                total == 0 ? 0 : 100.0 * failed / total,
                byStatus.isEmpty() ? "" : ": " + byStatus,
                succeeded.size(),
                gaveUp.size(),
                retryFor.toSeconds());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        resume();
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(30).toMillis());
            if (worker.isAlive()) {
                worker.interrupt();
            }
        }
    }
}
