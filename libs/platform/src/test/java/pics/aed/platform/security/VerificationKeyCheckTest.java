package pics.aed.platform.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A service without a verification key or issuer refuses to start. */
class VerificationKeyCheckTest {

    @Test
    void refusesToStartWithoutKey() {
        VerificationKeyCheck check = new VerificationKeyCheck(
                Optional.empty(), Optional.of(" "), Optional.of("https://aed.pics/prod"), Optional.empty());
        assertThatThrownBy(() -> check.refuseToStartWithoutKey(null))
                .hasMessageContaining("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
    }

    @Test
    void refusesToStartWithoutIssuer() {
        VerificationKeyCheck check = new VerificationKeyCheck(
                Optional.of("file:/keys/public.pem"), Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> check.refuseToStartWithoutKey(null)).hasMessageContaining("MP_JWT_VERIFY_ISSUER");
    }

    @Test
    void startsWithKeyAndIssuer() {
        VerificationKeyCheck check = new VerificationKeyCheck(
                Optional.of("https://idp/jwks"), Optional.empty(), Optional.of("https://idp"), Optional.of("aedpics"));
        assertThatCode(() -> check.refuseToStartWithoutKey(null)).doesNotThrowAnyException();
    }
}
