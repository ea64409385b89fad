package pics.aed.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pics.aed.events.Topics;

/**
 * Every overlay renders with {@code kubectl kustomize}, every object in it parses strictly against its schema, and
 * the objects agree with each other and with the services (ManifestChecks). What an operator applies is exactly
 * what is checked here.
 */
class ManifestsTest {

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> directories = Files.list(Repository.kubernetes().resolve("overlays"))) {
            return directories
                    .filter(d -> Files.exists(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @Test
    void thereAreADevAndAProdOverlay() throws IOException {
        assertThat(overlays()).contains("dev", "prod");
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void rendersParsesAndAgrees(String overlay) {
        Manifests manifests = Manifests.render(Repository.overlay(overlay));

        assertThat(ManifestChecks.all(manifests))
                .as("problems in overlay " + overlay)
                .isEmpty();
        assertThat(manifests.deployments())
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(ServiceModule.ALL);
        assertThat(manifests.all(KafkaTopic.class).count())
                .isEqualTo(Topics.ALL.size() + deadLetterTopics().size());
    }

    /** The consumers are read from the services' configuration; finding none would make the dead-letter check empty. */
    @Test
    void everyConsumersDeadLetterTopicIsDerivedFromItsChannel() {
        assertThat(deadLetterTopics())
                .contains(
                        "aed.devices.v1.dlq.sessions-service.device-view",
                        "inspection.schedules.v1.dlq.sessions-service.assignments",
                        "inspection.sessions.v1.dlq.schedules-service.schedule-status",
                        "inspection.sessions.v1.dlq.sync-service.inspections",
                        // one consumer group reading four topics: a dead-letter topic per topic
                        "aed.sync-runs.v1.dlq.monitoring-service.live-event-log",
                        "monitoring.alerts.v1.dlq.monitoring-service.live-event-log")
                .doesNotHaveDuplicates();
        assertThat(ServiceModule.allConsumers())
                .extracting(ServiceModule.Consumer::service)
                .containsAll(ServiceModule.ALL);
    }

    private static List<String> deadLetterTopics() {
        return ServiceModule.allConsumers().stream()
                .flatMap(consumer -> consumer.deadLetterTopics().stream())
                .toList();
    }

    @ParameterizedTest(name = "overlay {0}")
    @MethodSource("overlays")
    void everyObjectHasANamespaceFromTheOverlay(String overlay) {
        Manifests manifests = Manifests.render(Repository.overlay(overlay));

        List<String> withoutNamespace = manifests.nodes.stream()
                .filter(n -> !n.path("kind").asText().equals("Namespace"))
                .filter(n -> n.path("metadata").path("namespace").asText().isEmpty())
                .map(n -> n.path("kind").asText() + " "
                        + n.path("metadata").path("name").asText())
                .toList();
        assertThat(withoutNamespace).isEmpty();
    }

    @Test
    void prodPinsReleasedImages() {
        Manifests prod = Manifests.render(Repository.overlay("prod"));

        for (Deployment deployment : prod.deployments()) {
            deployment
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .forEach(container -> assertThat(container.getImage())
                            .as(deployment.getMetadata().getName())
                            .doesNotContain("SNAPSHOT")
                            .doesNotEndWith(":latest")
                            .contains(":"));
        }
    }
}
