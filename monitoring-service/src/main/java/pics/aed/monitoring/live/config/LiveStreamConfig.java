package pics.aed.monitoring.live.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** The live event stream's settings ({@code aedpics.monitoring.live.*}); the service README lists them. */
@ConfigMapping(prefix = "aedpics.monitoring.live")
public interface LiveStreamConfig {

    /** How long the event log keeps an entry; a client may resume from any position that young. At least 24 h. */
    @WithDefault("PT24H")
    Duration retention();

    /** How often the (cluster-wide, once) pruning job deletes entries past the retention. */
    @WithDefault("10m")
    String pruneEvery();

    /** An idle stream gets a comment line this often, so that proxies and clients keep it open. */
    @WithDefault("PT15S")
    Duration heartbeatInterval();

    /**
     * Events waiting to be written to one client. A client that falls this far behind is disconnected (it resumes
     * with Last-Event-ID), so a slow reader can never grow the heap.
     */
    @WithDefault("1000")
    @Min(16)
    @Max(100_000)
    int clientBuffer();

    /** Concurrent stream subscribers per replica; more get 503 {@code unavailable}. */
    @WithDefault("5000")
    @Min(1)
    int maxSubscribers();

    /** Recent events kept in memory per replica, so that a resume close behind the head needs no query. */
    @WithDefault("10000")
    @Min(100)
    int recentEvents();

    /** Entries read per query, when the hub follows the log and when a resuming client catches up. */
    @WithDefault("500")
    @Min(10)
    @Max(10_000)
    int pageSize();

    /** Safety-net poll of the log; a commit normally wakes the hub at once through NOTIFY. */
    @WithDefault("PT1S")
    Duration pollInterval();
}
