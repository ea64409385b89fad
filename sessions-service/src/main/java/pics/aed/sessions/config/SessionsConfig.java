package pics.aed.sessions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code aedpics.sessions.*}: when abandoned sessions give their device back. */
@ConfigMapping(prefix = "aedpics.sessions")
public interface SessionsConfig {

    /**
     * An active session idle (no start, save, pause or resume) for longer than this is cancelled with reason
     * {@code stale} and its assignment restored, so that an abandoned phone never blocks a device.
     */
    @WithDefault("PT30M")
    Duration staleAfter();

    /**
     * A paused session is a deliberate break (waiting for a key, for a battery): it is cancelled as {@code stale}
     * only after this long without activity.
     */
    @WithDefault("PT24H")
    Duration pausedStaleAfter();

    /** How often the stale-session job runs (a scheduler interval such as {@code 1m}), on one replica at a time. */
    @WithDefault("1m")
    String staleSweepEvery();
}
