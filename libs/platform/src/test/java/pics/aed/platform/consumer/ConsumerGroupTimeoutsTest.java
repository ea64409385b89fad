package pics.aed.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import pics.aed.platform.config.ConsumerSettings;
import pics.aed.testsupport.AedpicsTestServers;
import pics.aed.testsupport.KafkaEvents;

/**
 * A consumer whose process is killed never leaves its group: its partitions stay assigned to it until its session
 * times out. With the platform's consumer settings a replacement gets them and reads well before Kafka's default
 * session (45 s) would have let it: the fault suite measured 42.6 s of convergence after a sessions-service SIGKILL.
 */
class ConsumerGroupTimeoutsTest {

    /** Kafka's default session.timeout.ms: the replacement must read before the killed member would have expired. */
    private static final Duration DEFAULT_SESSION = Duration.ofSeconds(45);

    private static final ConsumerSettings DEFAULTS = new ConsumerSettings() {
        @Override
        public Duration retryInitialBackoff() {
            return Duration.ofMillis(200);
        }

        @Override
        public Duration retryMaxBackoff() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Duration sessionTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration heartbeatInterval() {
            return Duration.ofSeconds(3);
        }
    };

    @Test
    void aKilledMembersPartitionsReachItsReplacementLongBeforeKafkasDefaultSession() throws Exception {
        String bootstrap = AedpicsTestServers.kafkaBootstrapServers();
        String topic = "test.group-session." + UUID.randomUUID();
        String group = "platform-test.group-session." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        // the configuration the platform gives a channel's consumer (SmallRye's own keys, then the customizer)
        Map<String, Object> platform = new ConsumerGroupTimeouts(DEFAULTS)
                .customize(
                        "test",
                        null,
                        Map.of(
                                "bootstrap.servers",
                                bootstrap,
                                "group.id",
                                group,
                                "auto.offset.reset",
                                "earliest",
                                "enable.auto.commit",
                                "false"));

        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                GroupMemberProcess.class.getName(),
                topic));
        platform.forEach((name, value) -> command.add(name + "=" + value));
        Process member = new ProcessBuilder(command)
                .redirectError(new File("target/group-member-process.log"))
                .start();
        long killedAt;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("ASSIGNED"));
            assertThat(line).as("the member got the partition").isEqualTo("ASSIGNED");
            // SIGKILL: no LeaveGroup, the coordinator only sees the heartbeats stop
            member.destroyForcibly().waitFor();
            killedAt = System.nanoTime();
        } finally {
            member.destroyForcibly();
        }

        KafkaEvents.publish(topic, "k", "after the kill");
        Map<String, Object> replacementConfig = new java.util.HashMap<>(platform);
        try (KafkaConsumer<String, String> replacement =
                new KafkaConsumer<>(replacementConfig, new StringDeserializer(), new StringDeserializer())) {
            replacement.subscribe(List.of(topic));
            int read = 0;
            while (read == 0 && System.nanoTime() - killedAt < 2 * DEFAULT_SESSION.toNanos()) {
                ConsumerRecords<String, String> records = replacement.poll(Duration.ofMillis(500));
                read = records.count();
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(read).as("the replacement read the record").isEqualTo(1);
            // the gap being shown is 10 s against 45 s; 35 s leaves room for a slow machine's rebalance
            assertThat(waited).as("read %s after the kill", waited).isLessThan(DEFAULT_SESSION.minusSeconds(10));
        }
    }

    @Test
    void aChannelsOwnSettingWinsAndProducersAreLeftAlone() {
        ConsumerGroupTimeouts timeouts = new ConsumerGroupTimeouts(DEFAULTS);
        assertThat(timeouts.customize("c", null, Map.of("group.id", "g", "session.timeout.ms", "20000")))
                .containsEntry("session.timeout.ms", "20000")
                .containsEntry("heartbeat.interval.ms", "3000");
        assertThat(timeouts.customize("p", null, Map.of("acks", "all"))).doesNotContainKey("session.timeout.ms");
    }
}
