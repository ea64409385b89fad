package pics.aed.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md tells an operator what to run; these tests hold it to what the build renders: the directories it
 * applies, the Secrets it creates, the alerts it explains and the variables it lists.
 */
class OperationsDocTest {

    private static final Pattern APPLY =
            Pattern.compile("kubectl (?:apply|diff|delete) -k (\\S+)|kubectl kustomize (\\S+)");
    private static final Pattern APPLY_FILE = Pattern.compile("kubectl apply -f (deploy/\\S+)");
    private static final Pattern CREATE_SECRET = Pattern.compile("create secret (?:generic|tls) (\\S+)");
    private static final Pattern LOOP = Pattern.compile("for (\\w+) in ([^;]+); do");
    private static final Pattern HEADING = Pattern.compile("^#### (Aedpics\\w+)$", Pattern.MULTILINE);
    private static final Set<String> SECRET_REFERENCES =
            Set.of("secretKeyRef", "passwordSecret", "accessKeyId", "secretAccessKey");

    private static String doc;
    private static List<String> commands;
    private static Manifests prod;
    private static Manifests restore;

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(Repository.operationsDoc());
        commands = shellBlocks(doc);
        prod = Manifests.render(Repository.overlay("prod"));
        restore = Manifests.render(Repository.kubernetes().resolve("restore"));
    }

    @Test
    void everyKustomizationTheDocAppliesIsOneTheBuildRenders() throws IOException {
        Set<String> applied = new TreeSet<>();
        for (String command : commands) {
            Matcher m = APPLY.matcher(command);
            while (m.find()) {
                applied.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        Set<String> rendered = new TreeSet<>();
        try (Stream<String> overlays = ManifestsTest.overlays()) {
            overlays.forEach(o -> rendered.add("deploy/kubernetes/overlays/" + o));
        }
        rendered.add("deploy/kubernetes/restore");

        assertThat(applied).isEqualTo(rendered);
    }

    @Test
    void everyFileTheDocAppliesIsPartOfARenderedKustomization() throws IOException {
        for (String command : commands) {
            Matcher m = APPLY_FILE.matcher(command);
            while (m.find()) {
                Path file = Repository.root().resolve(m.group(1));
                assertThat(file).exists();
                Path kustomization = file.resolveSibling("kustomization.yaml");
                assertThat(Files.readString(kustomization)).contains("- " + file.getFileName());
            }
        }
    }

    @Test
    void theDocCreatesExactlyTheSecretsTheManifestsReferTo() {
        Set<String> referenced = new TreeSet<>();
        Stream.concat(prod.nodes.stream(), restore.nodes.stream())
                .forEach(node -> collectSecretNames(node, null, referenced));
        Set<String> created = new TreeSet<>();
        for (String command : commands) {
            for (String expanded : expandLoops(command)) {
                Matcher m = CREATE_SECRET.matcher(expanded);
                while (m.find()) {
                    created.add(m.group(1));
                }
            }
        }

        assertThat(referenced).contains("aedpics-db-sessions", "aedpics-egen", "aedpics-api-tls");
        assertThat(created).isEqualTo(referenced);
    }

    @Test
    void everyAlertHasARunbookSectionAndLinksToIt() {
        List<Rule> alerts = ManifestChecks.alertRules(prod);
        Set<String> alertNames = alerts.stream().map(Rule::getAlert).collect(Collectors.toCollection(TreeSet::new));
        Set<String> sections = new TreeSet<>();
        Matcher m = HEADING.matcher(doc);
        while (m.find()) {
            sections.add(m.group(1));
        }

        assertThat(alertNames)
                .contains(
                        "AedpicsSyncFailing",
                        "AedpicsSyncTooLong",
                        "AedpicsDuplicateOpenSessions",
                        "AedpicsSessionTransactionFailures",
                        "AedpicsOutboxBacklog",
                        "AedpicsServiceDown",
                        "AedpicsOutboxEventsParked",
                        "AedpicsEventsDeadLettered",
                        "AedpicsConsumerRetrying",
                        "AedpicsKafkaUnreachable");
        assertThat(sections).isEqualTo(alertNames);
        for (Rule alert : alerts) {
            assertThat(alert.getAnnotations())
                    .containsEntry(
                            "runbook", "docs/operations.md#" + alert.getAlert().toLowerCase());
        }
    }

    @Test
    void everyVariableTheConfigMapsSetIsInTheConfigureTable() {
        String configure = doc.substring(doc.indexOf("### Configure"), doc.indexOf("### Upgrade"));
        Set<String> missing = new TreeSet<>();
        prod.all(ConfigMap.class)
                .filter(c -> !c.getMetadata().getName().contains("grafana"))
                .map(ConfigMap::getData)
                .flatMap(data -> data.keySet().stream())
                .filter(variable -> !configure.contains("`" + variable + "`"))
                .forEach(missing::add);

        assertThat(missing)
                .as("variables set by the ConfigMaps but not documented under Configure")
                .isEmpty();
    }

    private static void collectSecretNames(JsonNode node, String key, Set<String> into) {
        if (node.isObject()) {
            if (key != null && SECRET_REFERENCES.contains(key) && node.has("name")) {
                into.add(node.get("name").asText());
            }
            if ("certificateRefs".equals(key)) {
                return;
            }
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("certificateRefs")) {
                    e.getValue().forEach(ref -> into.add(ref.path("name").asText()));
                } else {
                    collectSecretNames(e.getValue(), e.getKey(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectSecretNames(child, key, into));
        }
    }

    /** {@code for role in a b; do … $role …} becomes one command per value; anything else stays as it is. */
    private static List<String> expandLoops(String command) {
        Matcher loop = LOOP.matcher(command);
        if (!loop.find()) {
            return List.of(command);
        }
        List<String> expanded = new ArrayList<>();
        for (String value : loop.group(2).trim().split("\\s+")) {
            expanded.add(command.replace("$" + loop.group(1), value));
        }
        return expanded;
    }

    /** The contents of every ```bash block, with continuation lines joined. */
    private static List<String> shellBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1).replace("\\\n", " "));
        }
        return blocks;
    }
}
