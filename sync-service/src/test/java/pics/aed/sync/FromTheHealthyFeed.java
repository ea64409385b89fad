package pics.aed.sync;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import pics.aed.egen.EgenSimulator;

/**
 * The fixture of the feed tests: each test starts from the simulator's healthy feed landed in the registry
 * ({@link Registry#syncedFromFeed()}: a full run, skipped when nothing has written to the registry since the last
 * one), a healthy source and a closed circuit breaker, whatever ran before it; the class leaves an empty registry.
 */
abstract class FromTheHealthyFeed {

    static final int N = EgenSimulatorResource.DEVICES;
    static final EgenSimulator egen = EgenSimulatorResource.simulator();

    @BeforeEach
    void registryFromTheHealthyFeed() {
        Registry.syncedFromFeed();
        egen.reset(); // after the fixture's own run: a test counts only its own feed requests
        CircuitBreakerMaintenance.get().resetAll();
    }

    @AfterAll
    static void emptyRegistry() {
        egen.reset();
        Registry.empty();
    }
}
