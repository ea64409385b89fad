package pics.aed.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens (RS256 JWTs) as the organisation's identity provider would issue them, signed with the test key of
 * {@link TestKeys}, issued by {@link #ISSUER} for {@link #AUDIENCE}, all of which {@link AedpicsTestServers} configures. Roles go into
 * {@code groups}; the caller's scope into {@code sido} and {@code gugun} (docs/architecture.md "Security").
 */
public final class Tokens {

    public static final String ISSUER = "https://aed.pics/test";
    /** The {@code aud} every service under test expects ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "aedpics";

    public static final String INSPECTOR = "inspector";
    public static final String LOCAL_ADMIN = "local-admin";
    public static final String REGIONAL_ADMIN = "regional-admin";
    public static final String MASTER = "master";
    public static final String SERVICE = "service";

    private Tokens() {}

    /** An inspector of one health centre's area, e.g. {@code inspector("kim", "서울특별시", "종로구")}. */
    public static String inspector(String subject, String sido, String gugun) {
        return as(INSPECTOR, subject).sido(sido).gugun(gugun).sign();
    }

    public static String localAdmin(String subject, String sido, String gugun) {
        return as(LOCAL_ADMIN, subject).sido(sido).gugun(gugun).sign();
    }

    public static String regionalAdmin(String subject, String sido) {
        return as(REGIONAL_ADMIN, subject).sido(sido).sign();
    }

    public static String master(String subject) {
        return as(MASTER, subject).sign();
    }

    public static String service(String subject) {
        return as(SERVICE, subject).sign();
    }

    /** A master token that expired an hour ago: only its expiry should make a service refuse it. */
    public static String expired(String subject) {
        return as(MASTER, subject).expired().sign();
    }

    /** A master token signed by a key no service trusts: only its signature should make a service refuse it. */
    public static String signedByAnotherKey(String subject) {
        return as(MASTER, subject).signedByAnotherKey().sign();
    }

    /** Any other token: more roles, missing or odd claims, another issuer, a short life. */
    public static Builder as(String role, String subject) {
        return new Builder(subject).role(role);
    }

    public static final class Builder {

        private final String subject;
        private final Set<String> roles = new LinkedHashSet<>();
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofHours(1);
        private PrivateKey signingKey;

        private Builder(String subject) {
            this.subject = subject;
        }

        public Builder role(String role) {
            roles.add(role);
            return this;
        }

        public Builder sido(String sido) {
            return claim("sido", sido);
        }

        public Builder gugun(String gugun) {
            return claim("gugun", gugun);
        }

        public Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Another {@code aud}; null leaves the claim out. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Builder expiresIn(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        /** Issued two hours ago, expired one hour ago: well past any clock skew a verifier allows. */
        public Builder expired() {
            this.issuedAt = Instant.now().minus(Duration.ofHours(2));
            this.lifetime = Duration.ofHours(1);
            return this;
        }

        public Builder signedByAnotherKey() {
            this.signingKey = AnotherKey.PRIVATE;
            return this;
        }

        public String sign() {
            JwtClaimsBuilder jwt = Jwt.issuer(issuer)
                    .subject(subject)
                    .upn(subject)
                    .groups(roles)
                    .issuedAt(issuedAt)
                    .expiresAt(issuedAt.plus(lifetime));
            if (audience != null) {
                jwt.audience(audience);
            }
            claims.forEach(jwt::claim);
            return jwt.sign(signingKey != null ? signingKey : TrustedKey.PRIVATE);
        }
    }

    /** Holders, so that the keys are read or generated on first use only. */
    private static final class TrustedKey {
        static final PrivateKey PRIVATE = TestKeys.privateKey();
    }

    private static final class AnotherKey {
        static final PrivateKey PRIVATE = generate();

        private static PrivateKey generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair().getPrivate();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
