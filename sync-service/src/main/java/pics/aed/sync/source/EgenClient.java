package pics.aed.sync.source;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;
import pics.aed.sync.config.EgenSettings;
import pics.aed.sync.config.SyncMetrics;

/**
 * Fetches pages of {@code getAedFullDown}: at most {@code aedpics.egen.requests-per-second} requests per second,
 * each attempt bounded by the read timeout, transient failures (timeouts, connection errors, HTTP 5xx and 429, a page
 * that broke off) retried 3 times with exponential backoff (1 s, 2 s, 4 s: docs/sync.md), and a circuit breaker that
 * stops calling an API that keeps failing. The daily quota (code 22) is neither retried nor a failure of the API.
 * Nothing it throws or logs carries the service key ({@link ServiceKeyRedactor}). Blocking: call it from a worker
 * thread.
 */
@ApplicationScoped
public class EgenClient {

    private static final Logger LOG = Logger.getLogger(EgenClient.class);
    /** A page is at most numOfRows items of ~1–2 KB; anything far larger is not a page. */
    private static final int MAX_PAGE_BYTES = 64 * 1024 * 1024;

    private final EgenSettings settings;
    private final SyncMetrics metrics;
    private final ServiceKeyRedactor redactor;
    private final RequestPacer pacer;
    private volatile EgenApi api;

    public EgenClient(EgenSettings settings, SyncMetrics metrics, ServiceKeyRedactor redactor) {
        this.settings = settings;
        this.metrics = metrics;
        this.redactor = redactor;
        this.pacer = new RequestPacer(this.settings.requestsPerSecond());
    }

    public int pageSize() {
        return settings.pageSize();
    }

    /** How long a feed run may keep asking for pages. */
    public java.time.Duration maxFeedDuration() {
        return settings.maxFeedDuration();
    }

    /** Whether a base URL and a service key are configured (without them no feed run can start). */
    public boolean configured() {
        return settings.baseUrl().filter(s -> !s.isBlank()).isPresent()
                && settings.serviceKey().filter(s -> !s.isBlank()).isPresent();
    }

    @Retry(maxRetries = 3, delay = 1000, jitter = 0, maxDuration = 0, retryOn = SourceException.Transient.class)
    @ExponentialBackoff(factor = 2, maxDelay = 60_000)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.8,
            delay = 60_000,
            successThreshold = 1,
            failOn = SourceException.Transient.class)
    public FeedPage fetchPage(int pageNo) {
        try {
            return fetchOnce(pageNo);
        } catch (RuntimeException e) {
            throw failed(pageNo, e);
        }
    }

    /** Every failure of an attempt: counted, logged and rethrown as a SourceException that holds no key. */
    private SourceException failed(int pageNo, RuntimeException failure) {
        SourceException e = redacted(pageNo, failure);
        metrics.error(e.type());
        LOG.warnf(
                "e-gen page %d: %s%s",
                pageNo,
                e.getMessage(),
                e instanceof SourceException.Transient ? " (will retry if attempts remain)" : "");
        return e;
    }

    private SourceException redacted(int pageNo, RuntimeException failure) {
        String message = redactor.redact(failure.getMessage());
        Throwable cause = redactor.redacted(failure.getCause());
        if (failure instanceof SourceException.QuotaExceeded) {
            return new SourceException.QuotaExceeded(message);
        }
        if (failure instanceof SourceException.Transient transientFailure) {
            return new SourceException.Transient(transientFailure.type(), message, cause);
        }
        if (failure instanceof SourceException sourceFailure) {
            return new SourceException(sourceFailure.type(), message, cause);
        }
        return new SourceException(
                "client",
                "page " + pageNo + ": " + failure.getClass().getSimpleName() + ": " + message,
                redactor.redacted(failure));
    }

    private FeedPage fetchOnce(int pageNo) {
        pacer.acquire();
        int rows = settings.pageSize();
        FeedFormat format = settings.format();
        try (Response response =
                api().fullDown(settings.serviceKey().orElse(""), pageNo, rows, format.typeParameter())) {
            int status = response.getStatus();
            if (status >= 500) {
                throw new SourceException.Transient("http_5xx", "HTTP " + status + " for page " + pageNo);
            }
            if (status == 429) {
                throw new SourceException.Transient("http_429", "HTTP 429 for page " + pageNo);
            }
            if (status >= 300) {
                throw new SourceException("http_" + status, "HTTP " + status + " for page " + pageNo);
            }
            try (InputStream body =
                    new DeadlineInputStream(response.readEntity(InputStream.class), settings.readTimeout())) {
                return format.parse(
                        body, pageNo, (pageNo - 1) * rows + 1, new FeedPageParser.Limits(MAX_PAGE_BYTES, rows));
            }
        } catch (ProcessingException e) {
            throw new SourceException.Transient(
                    isTimeout(e) ? "timeout" : "connection", "page " + pageNo + ": " + rootMessage(e), e);
        } catch (IOException e) {
            throw new SourceException.Transient("connection", "page " + pageNo + " broke off: " + e.getMessage(), e);
        }
    }

    private EgenApi api() {
        EgenApi current = api;
        if (current == null) {
            synchronized (this) {
                if (api == null) {
                    String baseUrl = settings.baseUrl()
                            .filter(s -> !s.isBlank())
                            .orElseThrow(
                                    () -> new SourceException("not_configured", "aedpics.egen.base-url is not set"));
                    if (settings.serviceKey().filter(s -> !s.isBlank()).isEmpty()) {
                        throw new SourceException("not_configured", "aedpics.egen.service-key is not set");
                    }
                    api = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(URI.create(baseUrl))
                            .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            // status codes are classified above; the default mapper would throw on them first
                            .property("microprofile.rest.client.disable.default.mapper", true)
                            .build(EgenApi.class);
                }
                current = api;
            }
        }
        return current;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.contains("Timeout")
                    || (t.getMessage() != null && t.getMessage().contains("timed out"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
