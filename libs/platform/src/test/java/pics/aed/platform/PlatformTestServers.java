package pics.aed.platform;

import io.quarkus.test.common.QuarkusTestResource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import pics.aed.platform.testapp.WidgetsResource;
import pics.aed.testsupport.AedpicsTestServers;

/**
 * Points every Quarkus test of this module at the JVM-wide PostgreSQL and Kafka, and creates the test app's topic
 * before the app subscribes to it (a consumer would otherwise wait for a metadata refresh to see it).
 */
@QuarkusTestResource(PlatformTestServers.class)
public class PlatformTestServers extends AedpicsTestServers {

    /** The topic OutboxRelayTest blacks out (no consumer reads it). */
    public static final String RELAY_ORDER_TOPIC = "test.relay-order.v1";

    private static void createIfMissing(Admin admin, String topic) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap.servers")))) {
            for (String topic : List.of(WidgetsResource.TOPIC, RELAY_ORDER_TOPIC)) {
                createIfMissing(admin, topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return config;
    }
}
