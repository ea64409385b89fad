package pics.aed.monitoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Every operator setting of monitoring-service (its README lists them with their environment variables). */
@ConfigMapping(prefix = "aedpics.monitoring")
public interface MonitoringSettings {

    /**
     * The Slack-compatible incoming webhook alert transitions are posted to ({@code {"text": …}}); without one, alerts
     * are still evaluated, stored and published on monitoring.alerts.v1, and nothing is posted.
     */
    Optional<URI> webhookUrl();

    /** How long a schedule may disagree with its session before the consistency audit counts it. */
    @WithDefault("PT5M")
    Duration driftGrace();

    /** How often the alert rules are evaluated (once cluster-wide); "off" leaves it to POST /api/cron/monitor. */
    @WithDefault("1m")
    String evaluateEvery();

    /** An unpublished outbox event older than this fires outbox-backlog. */
    @WithDefault("PT5M")
    Duration outboxBacklogAfter();

    /** A sync run still running after this fires sync-too-long. */
    @WithDefault("PT1H")
    Duration syncTooLongAfter();

    /** Consecutive failed or aborted sync runs that fire sync-failing. */
    @WithDefault("3")
    int syncFailuresBeforeAlert();

    Webhook webhook();

    interface Webhook {
        /** How often due deliveries are posted (once cluster-wide). */
        @WithDefault("2s")
        String deliverEvery();

        /** Connect and response timeout of one post. */
        @WithDefault("PT5S")
        Duration timeout();

        /** Wait after the first failed attempt; it doubles with each further failure up to max-backoff. */
        @WithDefault("PT5S")
        Duration initialBackoff();

        @WithDefault("PT5M")
        Duration maxBackoff();

        /** Delivered messages are kept this long, then deleted. */
        @WithDefault("P7D")
        Duration retention();
    }
}
