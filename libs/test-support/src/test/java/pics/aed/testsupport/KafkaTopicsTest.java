package pics.aed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import pics.aed.events.Topics;
import pics.aed.events.Topics.TopicSpec;

class KafkaTopicsTest {

    @Test
    void everyTopicExistsWithItsPartitionsAndCleanupPolicy() throws Exception {
        assertThat(AedpicsTestServers.kafkaBootstrapServers())
                .matches("localhost:\\d+")
                .isNotEqualTo("localhost:19092");
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, AedpicsTestServers.kafkaBootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Set<String> names = Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toSet());
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get();

            for (TopicSpec topic : Topics.ALL) {
                assertThat(descriptions.get(topic.name()).partitions())
                        .as(topic.name())
                        .hasSize(topic.partitions());
                String cleanup = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                        .get("cleanup.policy")
                        .value();
                assertThat(cleanup).as(topic.name()).isEqualTo(topic.compacted() ? "compact" : "delete");
            }
        }
    }

    @Test
    void publishedRecordsAreReadBackWithHeaders() {
        String key = "SERIAL-" + System.nanoTime();
        KafkaEvents.publish(Topics.SESSIONS, key, "{\"type\":\"started\"}", Map.of("ce_type", "세션 시작"));
        KafkaEvents.publish(Topics.SESSIONS, key, "{\"type\":\"finished\"}");

        List<KafkaEvents.Event> events = KafkaEvents.readAll(Topics.SESSIONS, key);
        assertThat(events)
                .extracting(KafkaEvents.Event::value)
                .containsExactly("{\"type\":\"started\"}", "{\"type\":\"finished\"}");
        assertThat(events.get(0).headers()).containsEntry("ce_type", "세션 시작");
        assertThat(KafkaEvents.awaitRecords(
                        Topics.SESSIONS, e -> key.equals(e.key()), 2, java.time.Duration.ofSeconds(10)))
                .hasSize(2);
    }
}
