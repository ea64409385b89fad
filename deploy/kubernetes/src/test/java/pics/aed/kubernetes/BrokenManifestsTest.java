package pics.aed.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tests above must fail when a manifest is wrong. Each case copies deploy/kubernetes, breaks one thing the way a
 * person editing it could, renders the prod overlay and expects a failure that names the problem.
 */
class BrokenManifestsTest {

    private Path copy;

    @BeforeEach
    void copyTheManifests() throws IOException {
        copy = Files.createTempDirectory("aedpics-kubernetes-");
        Path source = Repository.kubernetes();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(f -> !source.relativize(f).startsWith("target")
                            && !source.relativize(f).startsWith("src")
                            && !source.relativize(f).startsWith("images"))
                    .toList()) {
                Path target = copy.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @AfterEach
    void deleteTheCopy() throws IOException {
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void theUnbrokenCopyPasses() {
        assertThat(problems()).isEmpty();
    }

    @Test
    void aTypoInAFieldName() {
        edit("base/services/sessions-service.yaml", "          readinessProbe:", "          readinesProbe:");

        assertThatThrownBy(this::problems)
                .isInstanceOf(Schemas.SchemaViolation.class)
                .hasMessageContaining("Deployment sessions-service")
                .hasMessageContaining("readinesProbe");
    }

    @Test
    void aTypoInAStrimziField() {
        edit(
                "base/platform/kafka.yaml",
                "  partitions: 3\n  replicas: 3\n  config:\n    cleanup.policy: compact",
                "  partition: 3\n  replicas: 3\n  config:\n    cleanup.policy: compact");

        assertThatThrownBy(this::problems)
                .isInstanceOf(Schemas.SchemaViolation.class)
                .hasMessageContaining("KafkaTopic aed.devices.v1")
                .hasMessageContaining("partition");
    }

    @Test
    void aTypoInACloudNativePgField() {
        edit(
                "base/platform/postgres.yaml",
                "        passwordSecret:\n          name: aedpics-db-sessions",
                "        passwordSecrets:\n          name: aedpics-db-sessions");

        assertThatThrownBy(this::problems)
                .isInstanceOf(Schemas.SchemaViolation.class)
                .hasMessageContaining("Cluster aedpics-db")
                .hasMessageContaining("passwordSecrets");
    }

    @Test
    void aWrongType() {
        edit("overlays/prod/replicas.yaml", "  value: 3", "  value: three");

        assertThatThrownBy(this::problems)
                .isInstanceOf(Schemas.SchemaViolation.class)
                .hasMessageContaining("HorizontalPodAutoscaler");
    }

    @Test
    void aProbeOnAWrongPort() {
        edit(
                "base/services/sync-service.yaml",
                "              path: /q/health/ready\n              port: http",
                "              path: /q/health/ready\n              port: 8080");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("Deployment sync-service container sync readinessProbe uses port 8080"));
    }

    @Test
    void aContainerPortTheServiceDoesNotListenOn() {
        edit("base/services/schedules-service.yaml", "containerPort: 8082", "containerPort: 8080");

        assertThat(problems())
                .anySatisfy(problem ->
                        assertThat(problem).contains("schedules-service listens on 8082 (quarkus.http.port)"));
    }

    @Test
    void aProbePathTheServiceDoesNotServe() {
        edit("base/services/monitoring-service.yaml", "path: /q/health/live", "path: /health/live");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem).contains("probes /health/live"));
    }

    @Test
    void aServiceThatSelectsNoPods() {
        edit(
                "base/services/sessions-service.yaml",
                "  selector:\n    app.kubernetes.io/name: sessions-service",
                "  selector:\n    app.kubernetes.io/name: session-service");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("Service sessions-service selects {app.kubernetes.io/name=session-service}"));
    }

    @Test
    void aTopicLaidOutDifferentlyFromTheContract() {
        edit(
                "base/platform/kafka.yaml",
                "    cleanup.policy: compact\n",
                "    cleanup.policy: delete\n    retention.ms: 1\n");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("KafkaTopic aed.devices.v1 has cleanup.policy delete; Topics.ALL says compact"));
    }

    @Test
    void anEnvironmentVariableNoServiceReads() {
        edit("base/config/sessions-service.env", "AEDPICS_SESSIONS_STALE_AFTER=", "AEDPICS_SESSION_STALE_AFTER=");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("sets AEDPICS_SESSION_STALE_AFTER, which no property of sessions-service reads"));
    }

    @Test
    void aRouteToTheWrongService() {
        edit(
                "base/platform/gateway.yaml",
                "            value: /api/schedules\n      backendRefs:\n        - name: schedules-service",
                "            value: /api/schedules\n      backendRefs:\n        - name: sessions-service");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem).contains("/api/schedules=sessions-service"));
    }

    @Test
    void aGracePeriodShorterThanTheShutdown() {
        edit(
                "base/services/sessions-service.yaml",
                "terminationGracePeriodSeconds: 80",
                "terminationGracePeriodSeconds: 30");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem).contains("do not fit in terminationGracePeriodSeconds 30"));
    }

    @Test
    void anAlertOnAMetricNobodyRegisters() {
        edit(
                "base/platform/monitoring.yaml",
                "aedpics_outbox_oldest_age_seconds) > 60",
                "aedpics_outbox_oldest_age) > 60");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem).contains("uses metric aedpics_outbox_oldest_age,"));
    }

    @Test
    void aDeadLetterTopicMisnamed() {
        edit(
                "base/platform/dead-letter-topics.yaml",
                "name: inspection.sessions.v1.dlq.sync-service.inspections",
                "name: inspection.sessions.v1.dlq.sync-service.inspection");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("no KafkaTopic for dead-letter topic inspection.sessions.v1.dlq.sync-service"
                                + ".inspections (sync-service channel inspections, group sync-service.inspections)"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("KafkaTopic inspection.sessions.v1.dlq.sync-service.inspection is neither"));
    }

    @Test
    void aCompactedDeadLetterTopic() {
        edit("base/platform/dead-letter-topics.yaml", "cleanup.policy: delete", "cleanup.policy: compact");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("dead-letter KafkaTopic aed.devices.v1.dlq.sessions-service.device-view has"
                                + " cleanup.policy compact"));
    }

    @Test
    void aTopicWithMoreReplicasThanBrokers() {
        edit("base/platform/dead-letter-topics.yaml", "  replicas: 3", "  replicas: 4");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("KafkaTopic aed.devices.v1.dlq.sessions-service.device-view asks for 4 replicas;"
                                + " the node pools have 3 brokers"));
    }

    @Test
    void anAlertOnAMetricThatOnlyBeginsLikeOne() {
        edit(
                "base/platform/monitoring.yaml",
                "(aedpics_outbox_parked_events) > 0",
                "(aedpics_outbox_parked_event) > 0");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem).contains("uses metric aedpics_outbox_parked_event,"));
    }

    @Test
    void anAlertOnALabelValueNoServiceWrites() {
        edit("base/platform/monitoring.yaml", "{outcome=\"dead_lettered\"}[10m]", "{outcome=\"dead-lettered\"}[10m]");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .contains("alert AedpicsEventsDeadLettered matches outcome=\"dead-lettered\""));
    }

    @Test
    void aSecretValueInTheManifests() {
        edit(
                "base/config/sync-service.env",
                "AEDPICS_EGEN_BASE_URL=",
                "AEDPICS_EGEN_SERVICE_KEY=abc\nAEDPICS_EGEN_BASE_URL=");
        append("base/kustomization.yaml", """
                secretGenerator:
                  - name: leaked
                    literals:
                      - password=hunter2
                """);

        assertThat(problems()).anySatisfy(problem -> assertThat(problem).contains("Secret leaked"));
    }

    private List<String> problems() {
        return ManifestChecks.all(Manifests.render(copy.resolve("overlays/prod")));
    }

    private void edit(String file, String from, String to) {
        Path path = copy.resolve(file);
        try {
            String text = Files.readString(path);
            assertThat(text).as("the text to break in " + file).contains(from);
            Files.writeString(
                    path,
                    text.replaceFirst(
                            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(String file, String text) {
        try {
            Files.writeString(copy.resolve(file), Files.readString(copy.resolve(file)) + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
