package pics.aed.schedules;

import io.quarkus.test.junit.QuarkusTest;
import pics.aed.testsupport.contract.OpenApiContract;

@QuarkusTest
class SchedulesOpenApiTest extends OpenApiContract {}
