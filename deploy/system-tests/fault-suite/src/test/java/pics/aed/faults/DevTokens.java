package pics.aed.faults;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Tokens as deploy/local/token.sh mints them: RS256 with the local stack's development key, issuer and audience. */
final class DevTokens {

    static final String ISSUER = "https://aed.pics/local";
    static final String AUDIENCE = "aedpics";
    /** Longer than the soak, so that no token expires mid-run. */
    private static final Duration LIFETIME = Duration.ofHours(4);

    private final PrivateKey key;

    DevTokens(Path repo) throws Exception {
        String pem = Files.readString(repo.resolve("deploy/local/dev-keys/jwt-private.pem"));
        this.key = KeyUtils.decodePrivateKey(pem);
    }

    String inspector(String subject, String sido, String gugun) {
        return sign(claims(subject, "inspector").claim("sido", sido).claim("gugun", gugun));
    }

    String localAdmin(String subject, String sido, String gugun) {
        return sign(claims(subject, "local-admin").claim("sido", sido).claim("gugun", gugun));
    }

    String service(String subject) {
        return sign(claims(subject, "service"));
    }

    private static JwtClaimsBuilder claims(String subject, String role) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .upn(subject)
                .groups(Set.of(role))
                .issuedAt(now)
                .expiresAt(now.plus(LIFETIME));
    }

    private String sign(JwtClaimsBuilder claims) {
        return claims.sign(key);
    }
}
