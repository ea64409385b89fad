package pics.aed.sync.config;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import pics.aed.platform.problem.Problem;
import pics.aed.platform.problem.RequestLimits;

/**
 * This service raises the HTTP body limit for registration exports (POST /api/sync/imports, up to
 * {@code aedpics.sync.import-max-bytes}); every other endpoint keeps the platform's 1 MiB (docs/architecture.md), enforced here
 * on the announced Content-Length before the platform's own check runs.
 */
@Singleton
public class BodyLimits {

    static final String IMPORTS = "/api/sync/imports";

    void limitJsonBodies(@Observes Router router) {
        router.route().order(-11).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && !ctx.normalizedPath().equals(IMPORTS) && isOver(length)) {
                ctx.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"" + Problem.TYPE_BASE + "payload-too-large\",\"title\":\"Payload too large\","
                                + "\"status\":413,\"detail\":\"The request body exceeds " + RequestLimits.MAX_BODY_BYTES
                                + " bytes.\"}");
            } else {
                ctx.next();
            }
        });
    }

    private static boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > RequestLimits.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
