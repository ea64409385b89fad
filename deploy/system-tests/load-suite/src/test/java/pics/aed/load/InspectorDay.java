package pics.aed.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The inspector's day on one device, as the phone app does it: find the device nearby, start a session on it (or
 * resume: a quarter of the inspectors pause first and come back to it), save progress four times, complete. Every
 * write has an {@code Idempotency-Key}; some are replayed ({@link IdempotentWrites}).
 */
final class InspectorDay {

    private static final String SESSIONS = "/api/inspections/sessions";
    private static final double PAUSE_AND_RESUME_SHARE = 0.25;

    private final Target target;
    private final IdempotentWrites writes;
    private final Duration think;

    InspectorDay(Target target, IdempotentWrites writes, Duration think) {
        this.target = target;
        this.writes = writes;
        this.think = think;
    }

    /** An endless feed of devices (the catalog, round and round), each with its inspector's token. */
    static Iterator<Map<String, Object>> feeder(DeviceCatalog catalog, DevTokens tokens) {
        List<DeviceCatalog.Device> devices = catalog.devices();
        AtomicLong next = new AtomicLong();
        return Stream.generate(() -> devices.get((int) (next.getAndIncrement() % devices.size())))
                .map(device -> Map.<String, Object>of(
                        "serial", device.serial(),
                        "latitude", device.latitude(),
                        "longitude", device.longitude(),
                        "token", tokens.inspector("inspector-" + device.serial(), device.sido(), device.gugun())))
                .iterator();
    }

    ChainBuilder day() {
        return exec(findNearby())
                .exitHereIfFailed()
                .pause(think)
                .exec(startOrResume())
                .exitHereIfFailed()
                .exec(doIf(session -> ThreadLocalRandom.current().nextDouble() < PAUSE_AND_RESUME_SHARE)
                        .then(pauseAndResume()))
                .exitHereIfFailed()
                .exec(repeat(4, "step").on(pause(think).exec(saveProgress()).exitHereIfFailed()))
                .pause(think)
                .exec(complete());
    }

    private HttpRequestActionBuilder findNearby() {
        return http("find a device nearby")
                .get(target.sync() + "/api/devices/nearby")
                .queryParam("latitude", "#{latitude}")
                .queryParam("longitude", "#{longitude}")
                .queryParam("radiusMeters", "300")
                .queryParam("size", "50")
                .header("Authorization", "Bearer #{token}")
                .check(
                        status().is(200),
                        jsonPath("$.items[*].equipmentSerial")
                                .findAll()
                                .transformWithSession(
                                        (serials, session) -> serials.contains(session.getString("serial")))
                                .is(true));
    }

    private ChainBuilder startOrResume() {
        return writes.write(
                "start session",
                name -> startRequest(name)
                        .check(
                                status().in(200, 201),
                                jsonPath("$.id").saveAs("sessionId"),
                                jsonPath("$.status").is("active"),
                                header("ETag").saveAs("etag")));
    }

    /** Start-or-resume: the same request starts a session or resumes the caller's own open one. */
    private HttpRequestActionBuilder startRequest(String name) {
        return IdempotentWrites.post(name, target.sessions() + SESSIONS)
                .body(StringBody("{\"equipmentSerial\": \"#{serial}\"}"))
                .asJson();
    }

    private ChainBuilder pauseAndResume() {
        return writes.write(
                        "pause session",
                        name -> IdempotentWrites.patch(name, target.sessions() + SESSIONS + "/#{sessionId}")
                                .body(StringBody("{\"status\": \"paused\"}"))
                                .asJson()
                                .check(
                                        status().is(200),
                                        jsonPath("$.status").is("paused"),
                                        header("ETag").saveAs("etag")))
                .exitHereIfFailed()
                .pause(think)
                .exec(writes.write(
                        "resume session",
                        name -> startRequest(name)
                                .check(
                                        status().is(200),
                                        jsonPath("$.resumed").ofBoolean().is(true),
                                        jsonPath("$.id").is(session -> session.getString("sessionId")),
                                        header("ETag").saveAs("etag"))));
    }

    private ChainBuilder saveProgress() {
        return writes.write(
                "save progress",
                name -> IdempotentWrites.patch(name, target.sessions() + SESSIONS + "/#{sessionId}")
                        .body(StringBody(InspectorDay::progressBody))
                        .asJson()
                        .check(
                                status().is(200),
                                jsonPath("$.currentStep").ofInt().is(session -> session.getInt("step") + 1),
                                header("ETag").saveAs("etag")));
    }

    private static String progressBody(Session session) {
        int step = session.getInt("step") + 1;
        return String.format(
                Locale.ROOT,
                "{\"currentStep\": %d, \"stepData\": {\"step%d\": {\"checked\": true, \"note\": \"load suite\"}}}",
                step,
                step);
    }

    private ChainBuilder complete() {
        return writes.write(
                "complete session",
                name -> IdempotentWrites.post(name, target.sessions() + SESSIONS + "/#{sessionId}/complete")
                        .body(StringBody(InspectorDay::completeBody))
                        .asJson()
                        .check(
                                status().is(200),
                                jsonPath("$.session.status").is("completed"),
                                jsonPath("$.inspection.approvalStatus").is("submitted")));
    }

    private static String completeBody(Session session) {
        return String.format(
                Locale.ROOT,
                "{\"result\": {\"batteryStatus\": \"good\", \"padStatus\": \"good\", \"operationStatus\": \"normal\","
                        + " \"gps\": {\"latitude\": %.7f, \"longitude\": %.7f}, \"notes\": \"load suite\"}}",
                session.getDouble("latitude"),
                session.getDouble("longitude"));
    }
}
