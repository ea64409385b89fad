package pics.aed.monitoring;

import io.quarkus.test.junit.QuarkusTest;
import pics.aed.testsupport.ServiceBasicsContract;

@QuarkusTest
class MonitoringServiceBasicsTest extends ServiceBasicsContract {

    MonitoringServiceBasicsTest() {
        super("monitoring", "monitoring-service");
    }
}
