package pics.aed.monitoring;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import pics.aed.testsupport.AedpicsTestServers;

/**
 * The servers of {@link AedpicsTestServers}, plus what monitoring-service needs around it: the other services' schemas
 * migrated with their own, real migrations (so the audits run against the real tables, and the V10 grants to
 * {@code aedpics_monitor} are the ones production gets), the audit datasource logging in as that role, and a webhook
 * URL on a free port that {@link WebhookReceiver} listens on when a test starts it.
 */
public class MonitoringTestResources implements QuarkusTestResourceLifecycleManager {

    /** The system property naming the webhook's port (system properties are the same in every class loader). */
    static final String WEBHOOK_PORT = "aedpics.test.webhook-port";

    /** The services whose schemas the audits read, with the folder of their migrations. */
    private static final Map<String, String> OTHER_SCHEMAS = Map.of(
            "inspection", "../sessions-service/src/main/resources/db/migration",
            "registry", "../sync-service/src/main/resources/db/migration",
            "scheduling", "../schedules-service/src/main/resources/db/migration");

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> config = new HashMap<>(AedpicsTestServers.config());
        OTHER_SCHEMAS.forEach(MonitoringTestResources::migrate);
        config.put("quarkus.datasource.audit.reactive.url", AedpicsTestServers.reactiveUrl());
        config.put("quarkus.datasource.audit.username", AedpicsTestServers.MONITOR_USER);
        config.put("quarkus.datasource.audit.password", AedpicsTestServers.MONITOR_PASSWORD);
        config.put("aedpics.monitoring.webhook-url", "http://localhost:" + webhookPort() + WebhookReceiver.PATH);
        return config;
    }

    @Override
    public void stop() {}

    /** Migrates one service's schema as that service would at startup: platform tables first, then its own. */
    static void migrate(String schema, String folder) {
        Path migrations = Path.of(folder).toAbsolutePath().normalize();
        if (!Files.isDirectory(migrations)) {
            throw new IllegalStateException("no migrations at " + migrations + " (run the tests from the module)");
        }
        Flyway.configure()
                .dataSource(AedpicsTestServers.jdbcUrl(), AedpicsTestServers.DB_USER, AedpicsTestServers.DB_PASSWORD)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .outOfOrder(true)
                .locations("classpath:db/platform", "filesystem:" + migrations)
                .load()
                .migrate();
    }

    static int webhookPort() {
        String port = System.getProperty(WEBHOOK_PORT);
        if (port == null) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = Integer.toString(socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(WEBHOOK_PORT, port);
        }
        return Integer.parseInt(port);
    }
}
