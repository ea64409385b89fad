package pics.aed.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import pics.aed.sync.source.FeedFormat;

/** The e-gen Open API client. */
@ConfigMapping(prefix = "aedpics.egen")
public interface EgenSettings {
    /** e.g. {@code https://apis.data.go.kr}; the operation path is appended. Required to run a feed sync. */
    Optional<String> baseUrl();

    /** The data.go.kr service key (the decoded form: the client URL-encodes it). Required to run a feed sync. */
    Optional<String> serviceKey();

    /**
     * The page format asked for: {@code xml} (data.go.kr's default) or {@code json} ({@code _type=json}). Both give
     * the same registry; an answer in XML to a JSON request (data.go.kr's gateway answers its errors in XML whatever
     * was asked) is read as XML.
     */
    @WithDefault("xml")
    FeedFormat format();

    /** Items per page ({@code numOfRows}). */
    @WithDefault("1000")
    int pageSize();

    /** At most this many requests per second to the Open API (data.go.kr's limit is 30). */
    @WithDefault("30")
    int requestsPerSecond();

    @WithDefault("PT10S")
    Duration connectTimeout();

    /** One page must arrive within this, whole (a body that trickles is cut off too). */
    @WithDefault("PT60S")
    Duration readTimeout();

    /**
     * A feed run stops asking for pages after this long (the run fails; nothing is committed). With the page bound
     * (4 attempts of connect-timeout + read-timeout, 7 s of backoff) it bounds a run's worst case: docs/sync.md.
     */
    @WithDefault("PT30M")
    Duration maxFeedDuration();
}
