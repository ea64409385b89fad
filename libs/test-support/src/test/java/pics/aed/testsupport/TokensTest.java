package pics.aed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Verifies the tokens with smallrye-jwt, configured from the very properties the test resource hands Quarkus. */
class TokensTest {

    private final DefaultJWTParser verifier = new DefaultJWTParser(new JWTAuthContextInfo(
            AedpicsTestServers.config().get("mp.jwt.verify.publickey.location"),
            AedpicsTestServers.config().get("mp.jwt.verify.issuer")));

    @Test
    void anInspectorTokenVerifiesAndCarriesItsScope() throws ParseException {
        JsonWebToken jwt = verifier.parse(Tokens.inspector("kim", "서울특별시", "종로구"));

        assertThat(jwt.getSubject()).isEqualTo("kim");
        assertThat(jwt.getName()).isEqualTo("kim");
        assertThat(jwt.getIssuer()).isEqualTo("https://aed.pics/test");
        assertThat(jwt.getGroups()).containsExactly("inspector");
        assertThat((String) jwt.getClaim("sido")).isEqualTo("서울특별시");
        assertThat((String) jwt.getClaim("gugun")).isEqualTo("종로구");
        assertThat(jwt.getExpirationTime()).isGreaterThan(System.currentTimeMillis() / 1000 + 3000);
    }

    @Test
    void everyRoleGetsItsGroupAndOnlyTheScopeItHas() throws ParseException {
        JsonWebToken local = verifier.parse(Tokens.localAdmin("lee", "부산광역시", "해운대구"));
        assertThat(local.getGroups()).containsExactly("local-admin");
        assertThat((String) local.getClaim("gugun")).isEqualTo("해운대구");

        JsonWebToken regional = verifier.parse(Tokens.regionalAdmin("park", "경기도"));
        assertThat(regional.getGroups()).containsExactly("regional-admin");
        assertThat((String) regional.getClaim("sido")).isEqualTo("경기도");
        assertThat(regional.containsClaim("gugun")).isFalse();

        assertThat(verifier.parse(Tokens.master("choi")).getGroups()).containsExactly("master");
        JsonWebToken service = verifier.parse(Tokens.service("monitoring-cron"));
        assertThat(service.getGroups()).containsExactly("service");
        assertThat(service.containsClaim("sido")).isFalse();
    }

    @Test
    void theBuilderMakesAnyOtherToken() throws ParseException {
        JsonWebToken jwt = verifier.parse(Tokens.as(Tokens.INSPECTOR, "kim")
                .role(Tokens.LOCAL_ADMIN)
                .sido("서울특별시")
                .claim("assigned", true)
                .expiresIn(Duration.ofMinutes(5))
                .sign());

        assertThat(jwt.getGroups()).isEqualTo(Set.of("inspector", "local-admin"));
        assertThat(jwt.containsClaim("gugun")).isFalse();
        assertThat(jwt.getExpirationTime()).isLessThanOrEqualTo(System.currentTimeMillis() / 1000 + 300);
    }

    /** The build-time default that this jar's microprofile-config.properties gives every Quarkus test. */
    @Test
    void theClasspathKeyLocationVerifiesToo() throws Exception {
        Properties jarConfig = new Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/microprofile-config.properties")) {
            jarConfig.load(in);
        }
        DefaultJWTParser classpathVerifier = new DefaultJWTParser(new JWTAuthContextInfo(
                jarConfig.getProperty("mp.jwt.verify.publickey.location"),
                jarConfig.getProperty("mp.jwt.verify.issuer")));

        assertThat(classpathVerifier.parse(Tokens.service("cron")).getName()).isEqualTo("cron");
        assertThat(jarConfig.getProperty("quarkus.devservices.enabled")).isEqualTo("false");
    }

    @Test
    void expiredForeignOrWronglyIssuedTokensAreRefused() {
        assertThatThrownBy(() -> verifier.parse(Tokens.expired("kim"))).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> verifier.parse(Tokens.signedByAnotherKey("kim")))
                .isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> verifier.parse(Tokens.as(Tokens.MASTER, "kim")
                        .issuer("https://evil.example")
                        .sign()))
                .isInstanceOf(ParseException.class);
    }
}
