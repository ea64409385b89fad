package pics.aed.sync;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import pics.aed.egen.EgenSimulator;

/** One e-gen simulator for the test JVM, served over HTTP like the real API; the service is pointed at it. */
public class EgenSimulatorResource implements QuarkusTestResourceLifecycleManager {

    /** A few thousand devices: enough for paging and guards, small enough for the suite's time budget. */
    public static final int DEVICES = 3000;

    public static final int PAGE_SIZE = 500;

    private static EgenSimulator simulator;

    public static synchronized EgenSimulator simulator() {
        if (simulator == null) {
            try {
                simulator = EgenSimulator.start(0, DEVICES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        }
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "aedpics.egen.base-url",
                simulator().baseUrl(),
                "aedpics.egen.service-key",
                "test-service-key",
                "aedpics.egen.page-size",
                String.valueOf(PAGE_SIZE),
                "aedpics.egen.requests-per-second",
                "1000",
                "aedpics.egen.read-timeout",
                "PT5S", // a page of 500 is served in milliseconds, parsed in a few more even on a busy machine
                "pics.aed.sync.source.EgenClient/fetchPage/Retry/delay",
                "10");
    }

    @Override
    public void stop() {}
}
