package pics.aed.sync;

import io.quarkus.test.common.QuarkusTestResource;
import pics.aed.testsupport.AedpicsTestServers;

/** Points every Quarkus test of this service at the JVM-wide embedded PostgreSQL and Kafka, and the e-gen simulator. */
@QuarkusTestResource(AedpicsTestServers.class)
@QuarkusTestResource(EgenSimulatorResource.class)
public class SyncServiceTestServers {}
