package pics.aed.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The local administrator's day at the health centre: plan next month for their gugun (the first call of a gugun
 * creates its schedules, later ones find nothing new), look at the plan, review the inspections submitted in their
 * area and approve up to two of them, then read compliance and readiness.
 *
 * <p>Two administrators of one gugun may decide one inspection at once: the contract says one succeeds and the other
 * gets 409 {@code invalid-transition}; that answer is the expected outcome of the race, not an error.
 */
final class AdminDay {

    private static final ZoneId KOREA = ZoneId.of("Asia/Seoul");
    private static final String INVALID_TRANSITION = "https://aed.pics/problems/invalid-transition";

    private final Target target;
    private final IdempotentWrites writes;
    private final Duration think;

    AdminDay(Target target, IdempotentWrites writes, Duration think) {
        this.target = target;
        this.writes = writes;
        this.think = think;
    }

    /** An endless feed of areas where inspectors work, each with an administrator's token. */
    static Iterator<Map<String, Object>> feeder(DeviceCatalog catalog, DevTokens tokens) {
        List<DeviceCatalog.Area> areas = catalog.areas();
        AtomicLong next = new AtomicLong();
        return Stream.generate(() -> areas.get((int) (next.getAndIncrement() % areas.size())))
                .map(area -> Map.<String, Object>of(
                        "sido", area.sido(),
                        "gugun", area.gugun(),
                        "token", tokens.localAdmin("admin-" + areas.indexOf(area), area.sido(), area.gugun())))
                .iterator();
    }

    ChainBuilder day() {
        return exec(session -> session.set(
                                "planMonth", YearMonth.now(KOREA).plusMonths(1).toString())
                        .set("month", YearMonth.now(KOREA).toString()))
                .exec(planNextMonth())
                .exitHereIfFailed()
                .pause(think)
                .exec(readPlan())
                .pause(think)
                .exec(listSubmitted())
                .exec(repeat(session -> Math.min(2, submittedCount(session)), "decision")
                        .on(exec(session -> session.set("inspectionId", pickSubmitted(session)))
                                .pause(think)
                                .exec(approve())))
                .pause(think)
                .exec(compliance())
                .pause(think)
                .exec(readiness());
    }

    private ChainBuilder planNextMonth() {
        return writes.write(
                "plan a month",
                name -> IdempotentWrites.post(name, target.schedules() + "/api/schedules/plans")
                        .body(StringBody("{\"month\": \"#{planMonth}\", \"sido\": \"#{sido}\", \"gugun\": \"#{gugun}\","
                                + " \"assigneeId\": \"inspector-team-#{gugun}\", \"perDay\": 20}"))
                        .asJson()
                        .check(
                                status().in(200, 201),
                                jsonPath("$.month").is(session -> session.getString("planMonth"))));
    }

    private HttpRequestActionBuilder readPlan() {
        return http("list schedules")
                .get(target.schedules() + "/api/schedules")
                .queryParam("from", "#{planMonth}-01")
                .queryParam("size", "50")
                .header("Authorization", "Bearer #{token}")
                .check(status().is(200), jsonPath("$.total").ofLong().gte(0L));
    }

    private HttpRequestActionBuilder listSubmitted() {
        return http("list submitted inspections")
                .get(target.sessions() + "/api/inspections")
                .queryParam("approvalStatus", "submitted")
                .queryParam("size", "20")
                .header("Authorization", "Bearer #{token}")
                .check(
                        status().is(200),
                        jsonPath("$.items[*].id").findAll().optional().saveAs("submitted"));
    }

    private static int submittedCount(Session session) {
        return session.contains("submitted") ? session.getList("submitted").size() : 0;
    }

    private static String pickSubmitted(Session session) {
        List<Object> submitted = session.getList("submitted");
        return submitted
                .get(ThreadLocalRandom.current().nextInt(submitted.size()))
                .toString();
    }

    /** 200 approved, or 409 invalid-transition when another administrator decided first; nothing else. */
    private ChainBuilder approve() {
        return writes.write(
                "approve inspection",
                name -> IdempotentWrites.post(name, target.sessions() + "/api/inspections/#{inspectionId}/approve")
                        .check(status().in(200, 409))
                        .checkIf((response, session) -> response.status().code() == 200)
                        .then(jsonPath("$.approvalStatus").is("approved"))
                        .checkIf((response, session) -> response.status().code() == 409)
                        .then(jsonPath("$.type").is(INVALID_TRANSITION)));
    }

    private HttpRequestActionBuilder compliance() {
        return http("read compliance")
                .get(target.schedules() + "/api/schedules/compliance")
                .queryParam("month", "#{month}")
                .header("Authorization", "Bearer #{token}")
                .check(status().is(200), jsonPath("$.items[0].gugun").is(session -> session.getString("gugun")));
    }

    private HttpRequestActionBuilder readiness() {
        return http("read readiness")
                .get(target.monitoring() + "/api/monitoring/readiness")
                .header("Authorization", "Bearer #{token}")
                .check(status().is(200), jsonPath("$.items[0].gugun").is(session -> session.getString("gugun")));
    }
}
