package pics.aed.testsupport.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The root README's configuration table is what an operator reads; this holds it to the code. Every property of every
 * {@code aedpics.*} {@code @ConfigMapping} interface on the module's classpath (the module's own and the libraries')
 * must have a row, and the row must show the property's {@code @WithDefault}. A module's test extends it (plain JUnit,
 * no Quarkus): {@code class SessionsReadmePropertiesTest extends ReadmePropertiesContract {}}.
 */
public abstract class ReadmePropertiesContract {

    private static final Pattern PROPERTY = Pattern.compile("`(aedpics\\.[a-z0-9.*-]+)`");

    @Test
    void everyMappedPropertyHasAReadmeRowWithItsDefault() {
        assertThat(undocumented(readme(), ConfigMappings.onClasspath("pics.aed")))
                .as("README.md \"Configuration\" against the @ConfigMapping interfaces on the classpath")
                .isEmpty();
    }

    /** What a README lacks for the {@code aedpics.*} properties of these mappings; empty when nothing. */
    static List<String> undocumented(String readme, List<Class<?>> mappings) {
        Map<String, String> rows = readmeRows(readme);
        List<String> missing = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            for (ConfigMappings.Property property : ConfigMappings.propertiesOf(mapping)) {
                if (!property.name().startsWith("aedpics.")) {
                    continue;
                }
                String row = rows.get(property.name());
                if (row == null) {
                    missing.add(property.name() + " (" + property.mappedBy() + ") has no row");
                } else if (property.defaultValue().isPresent()
                        && !row.contains(property.defaultValue().get())) {
                    missing.add(property.name() + " (" + property.mappedBy() + "): the row does not show the default "
                            + property.defaultValue().get());
                }
            }
        }
        return missing;
    }

    /** The table rows of a README, by each {@code aedpics.*} property a row names in backticks. */
    static Map<String, String> readmeRows(String readme) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : readme.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            Matcher property = PROPERTY.matcher(line);
            while (property.find()) {
                rows.putIfAbsent(property.group(1), line);
            }
        }
        return rows;
    }

    /** The repository's root README.md, found from the module's directory upwards. */
    private static String readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path readme = dir.resolve("README.md");
            if (Files.exists(readme) && Files.exists(dir.resolve("mvnw"))) {
                try {
                    return Files.readString(readme);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException(
                "no README.md beside mvnw above " + Path.of("").toAbsolutePath());
    }
}
