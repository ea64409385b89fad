package pics.aed.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Utils;
import pics.aed.events.Topics.TopicSpec;

/**
 * A single-node Kafka KRaft broker (broker and controller in one) that can be stopped and started again
 * on the same port with the same data, as a broker restart in production would be.
 * <p>
 * {@link EmbeddedKafkaBroker} picks a fresh random port and a fresh log directory on every start, and
 * deletes the directory on close. So we choose the ports, log directory and cluster id once, keep the
 * directory on close, and start a new {@link EmbeddedKafkaBroker} with that same setup each time; its
 * storage formatting skips an already formatted directory, so the topics and records survive.
 */
final class KafkaBroker {

    private final int port = freePort();
    private final int controllerPort = freePort();
    private final String clusterId = Uuid.randomUuid().toString();
    private final Path logDir;
    private EmbeddedKafkaBroker running;

    KafkaBroker() {
        try {
            logDir = Files.createTempDirectory("aedpics-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void start() {
        if (running != null) {
            return;
        }
        running = new EmbeddedKafkaBroker()
                .withKafkaHost("localhost")
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(properties -> {
                    properties.put("log.dir", logDir.toString());
                    // Without a controlled shutdown the restarted controller still holds the old broker session and
                    // refuses the new registration until that session times out (broker.session.timeout.ms, 9 s).
                    properties.put("controlled.shutdown.enable", "true");
                })
                .start();
    }

    synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** Stops the broker for good and removes its data. */
    synchronized void destroy() {
        stop();
        try {
            Utils.delete(logDir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    void createTopics(List<TopicSpec> topics) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            for (TopicSpec topic : topics) {
                NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), (short) 1);
                if (topic.compacted()) {
                    newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                try {
                    admin.createTopics(List.of(newTopic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
