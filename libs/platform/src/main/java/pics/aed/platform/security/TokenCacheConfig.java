package pics.aed.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code aedpics.token-cache.*}: the cache of verified bearer tokens ({@link CachingJwtParser}). */
@ConfigMapping(prefix = "aedpics.token-cache")
public interface TokenCacheConfig {

    /**
     * How many verified tokens are remembered (least recently used go first); 0 turns the cache off, so that every
     * request verifies its token's signature again. Each entry holds one token and its claims (about 2 KiB).
     */
    @WithDefault("10000")
    long maximumSize();
}
