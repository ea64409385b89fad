package pics.aed.sync;

import io.quarkus.test.junit.QuarkusTest;
import pics.aed.testsupport.contract.OpenApiContract;

@QuarkusTest
class SyncOpenApiTest extends OpenApiContract {}
