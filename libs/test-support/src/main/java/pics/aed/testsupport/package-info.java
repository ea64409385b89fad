/**
 * Real servers and helpers for aedpics tests, from Maven Central only (no Docker).
 * <ul>
 * <li>{@link pics.aed.testsupport.AedpicsTestServers}: {@code @WithTestResource(AedpicsTestServers.class)} on a
 * {@code @QuarkusTest} gives it an embedded PostgreSQL 17 and a Kafka 4.1 KRaft broker, once per JVM.</li>
 * <li>{@link pics.aed.testsupport.Tokens}: bearer tokens for each role, signed with the shipped test key.</li>
 * <li>{@link pics.aed.testsupport.Database}: JDBC queries to set up and assert rows.</li>
 * <li>{@link pics.aed.testsupport.KafkaEvents}: read a topic from the beginning, wait for records, publish.</li>
 * </ul>
 */
package pics.aed.testsupport;
