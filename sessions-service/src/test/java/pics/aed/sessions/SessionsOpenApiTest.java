package pics.aed.sessions;

import io.quarkus.test.junit.QuarkusTest;
import pics.aed.testsupport.contract.OpenApiContract;

@QuarkusTest
class SessionsOpenApiTest extends OpenApiContract {}
