package pics.aed.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens, without Quarkus: once per token, never past its expiry, never a failure, bounded. */
class CachingJwtParserTest {

    /** Stands in for the signature check: counts verifications; a token is "exp:<epoch seconds>" or "bad". */
    private static final class CountingVerifier extends DefaultJWTParser {
        final Map<String, Integer> verified = new HashMap<>();

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verified.merge(token, 1, Integer::sum);
            if (token.startsWith("bad")) {
                throw new ParseException("signature does not verify");
            }
            return new Token(Long.parseLong(token.substring(token.indexOf(':') + 1)));
        }
    }

    private record Token(long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return "kim";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
        }

        @Override
        public long getExpirationTime() {
            return exp;
        }
    }

    private final CountingVerifier verifier = new CountingVerifier();

    private CachingJwtParser cache(long maximumSize) {
        TokenCacheConfig config = () -> maximumSize;
        return new CachingJwtParser(verifier, config, new SimpleMeterRegistry());
    }

    private static String validFor(long seconds, String salt) {
        return salt + ":" + (Instant.now().getEpochSecond() + seconds);
    }

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() throws Exception {
        CachingJwtParser parser = cache(100);
        String token = validFor(3600, "a");
        JsonWebToken first = parser.parse(token);
        assertThat(parser.parse(token)).isSameAs(first);
        assertThat(parser.parse(token)).isSameAs(first);
        assertThat(verifier.verified).containsEntry(token, 1);
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndNotKept() throws Exception {
        CachingJwtParser parser = cache(100);
        String expired = validFor(-1, "old");
        parser.parse(expired);
        parser.parse(expired);
        assertThat(verifier.verified).containsEntry(expired, 2);
        assertThat(parser.size()).isZero();
    }

    @Test
    void aFailedVerificationIsNeverCached() {
        CachingJwtParser parser = cache(100);
        assertThatThrownBy(() -> parser.parse("bad:0")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parser.parse("bad:0")).isInstanceOf(ParseException.class);
        assertThat(verifier.verified).containsEntry("bad:0", 2);
        assertThat(parser.size()).isZero();
    }

    @Test
    void theCacheIsBounded() throws Exception {
        CachingJwtParser parser = cache(10);
        for (int i = 0; i < 200; i++) {
            parser.parse(validFor(3600, "t" + i));
        }
        assertThat(parser.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void sizeZeroTurnsItOff() throws Exception {
        CachingJwtParser parser = cache(0);
        String token = validFor(3600, "off");
        parser.parse(token);
        parser.parse(token);
        assertThat(verifier.verified).containsEntry(token, 2);
    }
}
