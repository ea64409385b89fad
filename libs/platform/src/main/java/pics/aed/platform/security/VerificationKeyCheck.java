package pics.aed.platform.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a service that has no token verification key: without one every call would be a 401, and a
 * default key would be a back door. There is deliberately no default in any profile; the local stack and the tests
 * pass theirs explicitly.
 */
@Singleton
public class VerificationKeyCheck {

    private final Optional<String> publicKeyLocation;
    private final Optional<String> publicKey;
    private final Optional<String> issuer;

    public VerificationKeyCheck(
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKeyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> publicKey,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        this.publicKeyLocation = publicKeyLocation;
        this.publicKey = publicKey;
        this.issuer = issuer;
    }

    void refuseToStartWithoutKey(@Observes StartupEvent event) {
        if (publicKeyLocation.filter(s -> !s.isBlank()).isEmpty()
                && publicKey.filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("No JWT verification key configured: set mp.jwt.verify.publickey.location"
                    + " (env MP_JWT_VERIFY_PUBLICKEY_LOCATION) to the identity provider's public key or JWKS URL.");
        }
        if (issuer.filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException(
                    "No JWT issuer configured: set mp.jwt.verify.issuer" + " (env MP_JWT_VERIFY_ISSUER).");
        }
    }
}
