package pics.aed.load;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Every write carries a fresh {@code Idempotency-Key}; now and then the same request is sent again with the same key,
 * as a phone does when an answer was lost. The replay must answer exactly what the first answered (status and body,
 * byte for byte). After a success it says {@code Idempotent-Replayed: true} (the stored answer); after a refusal (a
 * 409 when another administrator decided first) it does not: a refused request changed nothing and stored nothing,
 * so its replay runs again and is refused again (decision 0003). Anything else fails the replay's request. A replay is
 * the same request: same body and same {@code If-Match}, even though the first answer brought a new ETag.
 */
final class IdempotentWrites {

    static final String KEY = "idempotencyKey";
    /** The If-Match a write sends (the session's ETag when the write began): its replay must send the same. */
    static final String IF_MATCH = "ifMatch";

    private static final String FIRST_STATUS = "firstStatus";
    private static final String FIRST_BODY = "firstBody";

    private final double replayShare;

    IdempotentWrites(double replayShare) {
        this.replayShare = replayShare;
    }

    /**
     * The write {@code request} (built by the caller with the {@code #{idempotencyKey}} header and its checks), then
     * with probability {@code replayShare} its replay under the name "{@code name} (replay)".
     */
    ChainBuilder write(String name, Function<String, HttpRequestActionBuilder> request) {
        return exec(session -> session.set(KEY, UUID.randomUUID().toString())
                        .set(IF_MATCH, session.contains("etag") ? session.getString("etag") : "*"))
                .exec(request.apply(name)
                        .check(status().saveAs(FIRST_STATUS), bodyString().saveAs(FIRST_BODY)))
                .exec(doIf(this::replayNow)
                        .then(exec(request.apply(name + " (replay)")
                                .check(
                                        status().is(session -> session.getInt(FIRST_STATUS)),
                                        bodyString().is(session -> session.getString(FIRST_BODY)))
                                .checkIf((response, session) -> firstSucceeded(session))
                                .then(header("Idempotent-Replayed").is("true"))
                                .checkIf((response, session) -> !firstSucceeded(session))
                                .then(header("Idempotent-Replayed").notExists()))));
    }

    private static boolean firstSucceeded(Session session) {
        return session.getInt(FIRST_STATUS) < 300;
    }

    /** A POST with the user's token and the write's key. */
    static HttpRequestActionBuilder post(String name, String url) {
        return http(name)
                .post(url)
                .header("Authorization", "Bearer #{token}")
                .header("Idempotency-Key", "#{" + KEY + "}");
    }

    /** A PATCH with the user's token, the write's key and its If-Match. */
    static HttpRequestActionBuilder patch(String name, String url) {
        return http(name)
                .patch(url)
                .header("Authorization", "Bearer #{token}")
                .header("Idempotency-Key", "#{" + KEY + "}")
                .header("If-Match", "#{" + IF_MATCH + "}");
    }

    private boolean replayNow(Session session) {
        return !session.isFailed() && ThreadLocalRandom.current().nextDouble() < replayShare;
    }
}
