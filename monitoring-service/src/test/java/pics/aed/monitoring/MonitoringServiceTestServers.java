package pics.aed.monitoring;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Points every Quarkus test of this service at the JVM-wide embedded PostgreSQL and Kafka, with the other services'
 * schemas migrated and the audit datasource logging in as the read-only role ({@link MonitoringTestResources}).
 */
@QuarkusTestResource(MonitoringTestResources.class)
public class MonitoringServiceTestServers {}
