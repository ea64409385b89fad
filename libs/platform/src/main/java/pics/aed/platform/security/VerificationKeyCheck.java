package pics.aed.platform.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start a service that has no token verification key: without one every call would be a 401, and a
 * default key would be a back door. There is deliberately no default in any profile; the local stack and the tests
 * pass theirs explicitly.
 */
@Singleton
public class VerificationKeyCheck {

    private static final Logger LOG = Logger.getLogger(VerificationKeyCheck.class);

    private final Optional<String> publicKeyLocation;
    private final Optional<String> publicKey;
    private final Optional<String> issuer;
    private final Optional<String> audiences;

    public VerificationKeyCheck(
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKeyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> publicKey,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<String> audiences) {
        this.publicKeyLocation = publicKeyLocation;
        this.publicKey = publicKey;
        this.issuer = issuer;
        this.audiences = audiences;
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
        if (audiences.filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("No JWT audience configured (mp.jwt.verify.audiences, env MP_JWT_VERIFY_AUDIENCES): any token of"
                    + " the issuer is accepted, whatever system it was issued for. Set it in production.");
        }
    }
}
