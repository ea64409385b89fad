package pics.aed.sessions;

import io.quarkus.test.common.QuarkusTestResource;
import pics.aed.testsupport.AedpicsTestServers;

/** Points every Quarkus test of this service at the JVM-wide embedded PostgreSQL and Kafka. */
@QuarkusTestResource(AedpicsTestServers.class)
public class SessionsServiceTestServers {}
