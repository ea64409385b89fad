package pics.aed.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;
import pics.aed.platform.config.RequestLimitsSettings;
import pics.aed.platform.problem.Problem;
import pics.aed.platform.problem.Problems;

/**
 * Holds every request body to its limit before any resource runs (docs/architecture.md "Bad input"), announced or
 * chunked alike: JSON endpoints to {@code aedpics.limits.max-body-size}, a service's {@link UploadEndpoints} to
 * {@code max-upload-size}. A body that announces its length is judged by it. A chunked one (no length announced) is
 * read into memory under the JSON limit before the resource sees it; on an upload endpoint it goes to the resource,
 * which streams it to disk and stops at the upload limit. Either way the answer is 413 {@code payload-too-large} and
 * nothing changes. The errors the HTTP layer raises itself (a body over Quarkus' own limit, a path no resource
 * serves) are answered as problems too, so that no client ever has to parse anything but problem+json.
 */
@Singleton
public class RequestLimits {

    private final long maxBodyBytes;
    private final long maxUploadBytes;
    private final Set<String> uploadPaths = new HashSet<>();
    private final BodyHandler chunkedJson;
    private final ObjectMapper json;

    public RequestLimits(RequestLimitsSettings settings, Instance<UploadEndpoints> uploads, ObjectMapper json) {
        this.maxBodyBytes = settings.maxBodySize().asLongValue();
        this.maxUploadBytes = settings.maxUploadSize().asLongValue();
        uploads.forEach(endpoints -> uploadPaths.addAll(endpoints.paths()));
        this.chunkedJson = BodyHandler.create(false).setBodyLimit(maxBodyBytes).setMergeFormAttributes(false);
        this.json = json;
    }

    /** The largest JSON body ({@code aedpics.limits.max-body-size}). */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The largest upload ({@code aedpics.limits.max-upload-size}): an upload endpoint stops reading past it. */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** The limit of a request path. */
    public long limitOf(String path) {
        return uploadPaths.contains(path) ? maxUploadBytes : maxBodyBytes;
    }

    void installHandlers(@Observes Router router) {
        // Runs before Quarkus' own limit, which answers an announced oversized body with a bare 413.
        router.route().order(-10).handler(this::holdToLimit).failureHandler(this::answerTooLarge);
        for (String upload : uploadPaths) {
            // Quarkus' own limit (the route just before) would cut a chunked upload with a bare 413 and close; the
            // endpoint counts the upload as it streams it to disk and answers with a problem instead.
            router.route(upload)
                    .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
                    .handler(ctx -> {
                        ctx.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
                        ctx.next();
                    });
        }
        router.errorHandler(413, ctx -> write(ctx, tooLarge(ctx.normalizedPath())));
        router.errorHandler(
                404,
                ctx -> write(
                        ctx,
                        Problems.notFound("No resource at " + ctx.normalizedPath() + ".")
                                .problem()));
    }

    private void holdToLimit(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (isOver(length, limitOf(path))) {
                write(ctx, tooLarge(path));
            } else {
                ctx.next();
            }
        } else if (mayCarryUnannouncedBody(ctx.request()) && !uploadPaths.contains(path)) {
            // reads the body under the limit (past it: fails the request with 413, answered by the error handler);
            // the resource then reads the body from memory
            chunkedJson.handle(ctx);
        } else {
            ctx.next();
        }
    }

    /** A chunked body passed the limit while being read: answered here, before any other failure handler. */
    private void answerTooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            write(ctx, tooLarge(ctx.normalizedPath()));
        } else {
            ctx.next();
        }
    }

    /**
     * HTTP/1.1 announces a body without a length as chunked. An HTTP/2 request (java.net.http upgrades to h2c by
     * default) is left to Quarkus' own limit, which follows the same settings: reading its body here would end the
     * stream before RESTEasy pauses it ("Request has already been read", a 500 on every GET, found by the load suite).
     */
    private static boolean mayCarryUnannouncedBody(HttpServerRequest request) {
        return request.version() != HttpVersion.HTTP_2 && request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean isOver(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Problem tooLarge(String path) {
        return Problems.payloadTooLarge(limitOf(path)).problem();
    }

    private void write(RoutingContext ctx, Problem problem) {
        if (ctx.response().headWritten()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem.atInstance(ctx.normalizedPath()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem always serialises", e);
        }
        ctx.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 413) {
            // The client may still be sending; closing keeps it from streaming megabytes into a refused request.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(body);
    }
}
