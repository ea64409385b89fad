package pics.aed.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@link Role#EVERY_ROLE} names a list in the platform defaults; it must be every role, and only those. */
class RoleTest {

    @Test
    void everyRoleListsEachRoleOfTheEnum() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = Role.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }

        String[] listed = defaults.getProperty(Role.EVERY_ROLE_PROPERTY).split(",");

        assertThat(Role.EVERY_ROLE).isEqualTo("${" + Role.EVERY_ROLE_PROPERTY + "}");
        assertThat(listed)
                .containsExactlyInAnyOrder(
                        Arrays.stream(Role.values()).map(Role::claimValue).toArray(String[]::new));
    }
}
