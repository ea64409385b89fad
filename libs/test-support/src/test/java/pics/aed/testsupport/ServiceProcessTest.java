package pics.aed.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Finding the built service says what is wrong before any process starts (running one needs a built service). */
class ServiceProcessTest {

    @Test
    void aModuleThatDoesNotExistIsNamed() {
        assertThatThrownBy(() -> ServiceProcess.builtJar("no-such-service"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no module no-such-service");
    }

    @Test
    void aModuleThatIsNotPackagedSaysHowToBuildIt() {
        assertThatThrownBy(() -> ServiceProcess.builtJar("libs/events"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("libs/events/target/quarkus-app/quarkus-run.jar is missing")
                .hasMessageContaining("type pom");
    }
}
