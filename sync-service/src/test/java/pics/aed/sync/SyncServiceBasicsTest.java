package pics.aed.sync;

import io.quarkus.test.junit.QuarkusTest;
import pics.aed.testsupport.ServiceBasicsContract;

@QuarkusTest
class SyncServiceBasicsTest extends ServiceBasicsContract {

    SyncServiceBasicsTest() {
        super("registry", "sync-service");
    }
}
