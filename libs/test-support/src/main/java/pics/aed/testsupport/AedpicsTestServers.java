package pics.aed.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Real PostgreSQL 17 and Kafka 4.1 (KRaft) for tests, without Docker: {@code @WithTestResource(AedpicsTestServers.class)}
 * points a Quarkus application at them; plain JUnit tests call the static accessors, which start them too.
 * <p>
 * The servers start once per JVM and are shared by every test class and every Quarkus restart in it; a shutdown
 * hook stops them when the JVM exits. Tests therefore share data: give rows and records unique keys.
 * <p>
 * PostgreSQL: database {@code aedpics}, owned by role {@code aedpics}/{@code aedpics} (not a superuser), with
 * btree_gist, pg_trgm, cube and earthdistance in schema public. Kafka: every topic of
 * {@link pics.aed.events.Topics#ALL}. Tokens from {@link Tokens} verify with the configured key and issuer.
 * <p>
 * Quarkus builds the application during test discovery, before this resource starts, so this jar's
 * {@code META-INF/microprofile-config.properties} sets what must be known then: Dev Services off, and the test key
 * location (else quarkus-smallrye-jwt generates an in-memory key that wins over ours at run time).
 */
public class AedpicsTestServers implements QuarkusTestResourceLifecycleManager {

    public static final String DB_USER = Postgres.USER;
    public static final String DB_PASSWORD = Postgres.PASSWORD;
    /** The read-only role monitoring-service audits with (USAGE/SELECT on the other services' schemas only). */
    public static final String MONITOR_USER = Postgres.MONITOR_USER;

    public static final String MONITOR_PASSWORD = Postgres.MONITOR_PASSWORD;

    /** The Quarkus configuration for the servers: datasource, Kafka, JWT verification, no Dev Services. */
    @Override
    public Map<String, String> start() {
        return config();
    }

    /** Does nothing: the next test class or Quarkus restart reuses the servers; the JVM's exit stops them. */
    @Override
    public void stop() {}

    public static Map<String, String> config() {
        @SuppressWarnings("unchecked")
        Map<String, String> config = (Map<String, String>) callJvmWide("startOnce");
        return config;
    }

    /** {@code jdbc:postgresql://localhost:PORT/aedpics}; log in as {@link #DB_USER}/{@link #DB_PASSWORD}. */
    public static String jdbcUrl() {
        return config().get("quarkus.datasource.jdbc.url");
    }

    /** {@code postgresql://localhost:PORT/aedpics}, the reactive client's form. */
    public static String reactiveUrl() {
        return config().get("quarkus.datasource.reactive.url");
    }

    /** {@code localhost:PORT}; stays the same across {@link #stopKafka()} and {@link #startKafka()}. */
    public static String kafkaBootstrapServers() {
        return config().get("kafka.bootstrap.servers");
    }

    /**
     * Stops the broker cleanly, keeping its data. Every test in this JVM loses Kafka until {@link #startKafka()}:
     * call both from the same test, the second in a finally block.
     */
    public static void stopKafka() {
        callJvmWide("stopKafka");
    }

    /** Starts the broker again on the same port with the same topics and records; no-op when it runs. */
    public static void startKafka() {
        callJvmWide("startKafka");
    }

    private static Object callJvmWide(String method) {
        try {
            Method target = jvmWideServers().getDeclaredMethod(method);
            target.setAccessible(true);
            return target.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The system class loader's copy when it has one (it has under Surefire), else our own. */
    private static Class<?> jvmWideServers() throws ClassNotFoundException {
        String name = JvmWideServers.class.getName();
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (system.getResource(name.replace('.', '/') + ".class") != null) {
            return Class.forName(name, true, system);
        }
        return JvmWideServers.class;
    }
}
