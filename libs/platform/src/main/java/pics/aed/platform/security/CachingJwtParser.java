package pics.aed.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token once, not on every request: the RSA signature check was about 12 % of the CPU of a
 * start+complete. The token string is the key, so only a byte-identical token that verified before is a hit; an
 * entry never outlives the token's {@code exp} (and is checked against it again on every hit), the cache is bounded
 * ({@code aedpics.token-cache.maximum-size}), and a token that fails verification is never cached. Everything but
 * {@link #parse(String)} (what the bearer-token mechanism calls) goes straight to smallrye-jwt.
 */
@Alternative
@Priority(1)
@Singleton
public class CachingJwtParser implements JWTParser {

    private final DefaultJWTParser verifier;
    private final Cache<String, JsonWebToken> verified;
    private final boolean enabled;

    CachingJwtParser(DefaultJWTParser verifier, TokenCacheConfig config, MeterRegistry registry) {
        this.verifier = verifier;
        this.enabled = config.maximumSize() > 0;
        this.verified = Caffeine.newBuilder()
                .maximumSize(Math.max(config.maximumSize(), 0))
                .expireAfter(new UntilTokenExpiry())
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, verified, "aedpics.token-cache");
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = enabled ? verified.getIfPresent(token) : null;
        if (known != null && !isExpired(known)) {
            return known;
        }
        JsonWebToken fresh = verifier.parse(token);
        if (enabled && !isExpired(fresh)) {
            verified.put(token, fresh);
        }
        return fresh;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }

    /** How many verified tokens the cache holds now (for tests and operators). */
    public long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private static boolean isExpired(JsonWebToken token) {
        return !Instant.now().isBefore(Instant.ofEpochSecond(token.getExpirationTime()));
    }

    /** An entry lives as long as its token is valid, however often it is read. */
    private static final class UntilTokenExpiry implements Expiry<String, JsonWebToken> {
        @Override
        public long expireAfterCreate(String key, JsonWebToken token, long currentTime) {
            Duration left = Duration.between(Instant.now(), Instant.ofEpochSecond(token.getExpirationTime()));
            return Math.max(left.toNanos(), 0);
        }

        @Override
        public long expireAfterUpdate(String key, JsonWebToken token, long currentTime, long currentDuration) {
            return expireAfterCreate(key, token, currentTime);
        }

        @Override
        public long expireAfterRead(String key, JsonWebToken token, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
