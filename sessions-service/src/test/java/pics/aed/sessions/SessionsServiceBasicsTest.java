package pics.aed.sessions;

import io.quarkus.test.junit.QuarkusTest;
import pics.aed.testsupport.ServiceBasicsContract;

@QuarkusTest
class SessionsServiceBasicsTest extends ServiceBasicsContract {

    SessionsServiceBasicsTest() {
        super("inspection", "sessions-service");
    }
}
