package pics.aed.schedules;

import io.quarkus.test.junit.QuarkusTest;
import pics.aed.testsupport.ServiceBasicsContract;

@QuarkusTest
class SchedulesServiceBasicsTest extends ServiceBasicsContract {

    SchedulesServiceBasicsTest() {
        super("scheduling", "schedules-service");
    }
}
