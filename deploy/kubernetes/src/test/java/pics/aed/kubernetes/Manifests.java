package pics.aed.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** One rendered kustomization: every object as YAML gave it and as its schema parsed it. */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    final String source;
    final List<JsonNode> nodes;
    final List<Object> objects;

    private Manifests(String source, List<JsonNode> nodes, List<Object> objects) {
        this.source = source;
        this.nodes = nodes;
        this.objects = objects;
    }

    /** Renders the kustomization in {@code directory} and parses every object strictly (see {@link Schemas}). */
    static Manifests render(Path directory) {
        return parse(directory.toString(), Kubectl.kustomize(directory));
    }

    static Manifests parse(String source, String yaml) {
        List<JsonNode> nodes = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml);
                MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            while (documents.hasNext()) {
                JsonNode node = documents.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    nodes.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + " is not valid YAML", e);
        }
        List<Object> objects = nodes.stream().map(Schemas::parse).toList();
        return new Manifests(source, nodes, objects);
    }

    <T> Stream<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast);
    }

    List<Deployment> deployments() {
        return all(Deployment.class).toList();
    }

    List<Service> services() {
        return all(Service.class).toList();
    }

    Optional<ConfigMap> configMap(String name) {
        return all(ConfigMap.class)
                .filter(c -> name.equals(c.getMetadata().getName()))
                .findFirst();
    }

    static String name(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }
}
