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

    /** How often expired keys are deleted (a scheduler interval such as {@code 15m}), on one replica at a time. */
    @WithDefault("15m")
    String cleanupEvery();
}
