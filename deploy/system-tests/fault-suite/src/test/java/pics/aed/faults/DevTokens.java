package pics.aed.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tokens as deploy/local/token.sh mints them (JDK only, like its Token.java): RS256 with the local stack's development
 * key, its issuer and audience, the role in {@code groups} and the scope in {@code sido} / {@code gugun}.
 */
final class DevTokens {

    static final String ISSUER = "https://aed.pics/local";
    static final String AUDIENCE = "aedpics";
    /** Longer than the soak, so that no token expires mid-run. */
    private static final Duration LIFETIME = Duration.ofHours(4);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;

    DevTokens(Path repo) throws Exception {
        String pem = Files.readString(repo.resolve("deploy/local/dev-keys/jwt-private.pem"));
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        this.key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    String inspector(String subject, String sido, String gugun) {
        return sign(subject, "inspector", Map.of("sido", sido, "gugun", gugun));
    }

    String localAdmin(String subject, String sido, String gugun) {
        return sign(subject, "local-admin", Map.of("sido", sido, "gugun", gugun));
    }

    String service(String subject) {
        return sign(subject, "service", Map.of());
    }

    private String sign(String subject, String role, Map<String, String> scope) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", List.of(role));
        claims.putAll(scope);
        claims.put("iat", now);
        claims.put("exp", now + LIFETIME.toSeconds());
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String signingInput =
                    B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                            + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a development token", e);
        }
    }
}
