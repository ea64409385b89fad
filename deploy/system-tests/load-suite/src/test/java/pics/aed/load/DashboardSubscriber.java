package pics.aed.load;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.SseMessageCheck;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * An operator with the dashboard open: it loads the summary and the firing alerts, subscribes to the live event
 * stream ({@code GET /api/monitoring/events}, server-sent events), must see events arrive (the inspectors' sessions),
 * stays subscribed for a while, must still see events arrive, and leaves.
 */
final class DashboardSubscriber {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    private final Target target;
    private final Duration hold;

    DashboardSubscriber(Target target, Duration hold) {
        this.target = target;
        this.hold = hold;
    }

    static Iterator<Map<String, Object>> feeder(DevTokens tokens) {
        AtomicLong next = new AtomicLong();
        return Stream.generate(() -> Map.<String, Object>of("token", tokens.master("ops-" + next.getAndIncrement())))
                .iterator();
    }

    ChainBuilder session() {
        return exec(http("dashboard: summary")
                        .get(target.monitoring() + "/api/monitoring/summary")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200)))
                .exec(http("dashboard: firing alerts")
                        .get(target.monitoring() + "/api/monitoring/alerts")
                        .queryParam("status", "firing")
                        .header("Authorization", "Bearer #{token}")
                        .check(status().is(200)))
                .exec(sse("dashboard: subscribe")
                        .get(target.monitoring() + "/api/monitoring/events")
                        .header("Authorization", "Bearer #{token}")
                        .await(EVENT_WAIT)
                        .on(domainEvent("dashboard: first event")))
                .exitHereIfFailed()
                .pause(hold)
                .exec(sse("dashboard: still live")
                        .setCheck()
                        .await(EVENT_WAIT)
                        .on(domainEvent("dashboard: later event")))
                .exec(sse("dashboard: leave").close());
    }

    /** A domain event of the stream: it has an id (its position), a CloudEvents type and the event as data. */
    private static SseMessageCheck domainEvent(String name) {
        return sse.checkMessage(name)
                .matching(jsonPath("$.event").exists())
                .check(jsonPath("$.id").exists(), jsonPath("$.data").exists());
    }
}
