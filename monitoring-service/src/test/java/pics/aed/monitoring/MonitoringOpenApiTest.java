package pics.aed.monitoring;

import io.quarkus.test.junit.QuarkusTest;
import pics.aed.testsupport.contract.OpenApiContract;

@QuarkusTest
class MonitoringOpenApiTest extends OpenApiContract {}
