package pics.aed.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers the errors that the HTTP layer raises before any resource runs (a body over the limit, a path no resource
 * serves) with a problem too, so that no client ever has to parse anything but problem+json.
 */
@Singleton
public class RequestLimits {

    /** The default of {@code quarkus.http.limits.max-body-size} in the platform defaults. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private final long maxBodyBytes;

    public RequestLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void installErrorHandlers(@Observes Router router) {
        // Quarkus answers an announced oversized body with a bare 413 before any error handler runs; this route
        // runs first and gives the same answer as a problem. (A chunked body is cut by the HTTP layer as it arrives.)
        router.route().order(-10).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                write(
                        ctx,
                        413,
                        "payload-too-large",
                        "Payload too large",
                        "The request body exceeds " + maxBodyBytes + " bytes.");
            } else {
                ctx.next();
            }
        });
        router.errorHandler(
                413,
                ctx -> write(
                        ctx,
                        413,
                        "payload-too-large",
                        "Payload too large",
                        "The request body exceeds " + maxBodyBytes + " bytes."));
        router.errorHandler(
                404, ctx -> write(ctx, 404, "not-found", "Not found", "No resource at " + ctx.normalizedPath() + "."));
    }

    private boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void write(RoutingContext ctx, int status, String name, String title, String detail) {
        if (ctx.response().headWritten()) {
            return;
        }
        String body = "{\"type\":\"" + Problem.TYPE_BASE + name + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (status == 413) {
            // The client may still be sending; closing keeps it from streaming megabytes into a refused request.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(body);
    }
}
