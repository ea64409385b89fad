package pics.aed.platform.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code aedpics.idempotency.*}: how long Idempotency-Keys are remembered and held. */
@ConfigMapping(prefix = "aedpics.idempotency")
public interface IdempotencyConfig {

    /** How long a key and its stored response are remembered; a replay after this executes again. */
    @WithDefault("PT24H")
    Duration retention();

    /**
     * How long a claim may stay in flight: after this, a retry of the same request may take over the key of a process
     * that died mid-request.
     */
    @WithDefault("PT1M")
    Duration inFlightTimeout();

    /** How often expired keys are deleted (a scheduler interval such as {@code 15m}), on one replica at a time. */
    @WithDefault("15m")
    String cleanupEvery();
}
