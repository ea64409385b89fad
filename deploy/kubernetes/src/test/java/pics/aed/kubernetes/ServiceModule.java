package pics.aed.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pics.aed.events.Topics;

/**
 * What a service module says about itself in source: its HTTP port, its health endpoints and every configuration
 * property it reads (so that an environment variable a Deployment sets can be checked against them).
 */
final class ServiceModule {

    /** The services, by module directory (which is also the image name). */
    static final List<String> ALL =
            List.of("sessions-service", "schedules-service", "sync-service", "monitoring-service");

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD =
            Pattern.compile("^\\s+(?:[\\w<>?,\\s]+)\\s+(\\w+)\\(\\);", Pattern.MULTILINE);
    private static final Pattern COMMENTED_ASSIGNMENT =
            Pattern.compile("^#\\s*([a-z][\\w.\\-/\"]*)=", Pattern.MULTILINE);
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z_][\\w.\\-]*)");
    private static final Pattern NAMED_DATASOURCE = Pattern.compile("^quarkus\\.datasource\\.([\\w-]+)\\.db-kind$");
    private static final Pattern INCOMING_KAFKA_CHANNEL =
            Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.connector$");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern METER = Pattern.compile(
            "(?:Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\\s*\"([^\"]+)\"|\\.(?:counter|timer|gauge)\\(\\s*\"([^\"]+)\"");

    final String name;
    final Path directory;
    private final Properties applicationProperties;
    private final Properties platformProperties;

    private ServiceModule(String name) {
        this.name = name;
        this.directory = Repository.root().resolve(name);
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no service module " + name + " at " + directory);
        }
        this.applicationProperties = load(directory.resolve("src/main/resources/application.properties"));
        this.platformProperties = load(
                Repository.root().resolve("libs/platform/src/main/resources/META-INF/microprofile-config.properties"));
    }

    static ServiceModule of(String name) {
        return new ServiceModule(name);
    }

    /** The module an image belongs to: {@code registry.example/aedpics/sync-service:1.2.3} → sync-service. */
    static String forImage(String image) {
        String withoutTag = image.replaceFirst("[:@][^/]*$", "");
        return withoutTag.substring(withoutTag.lastIndexOf('/') + 1);
    }

    int httpPort() {
        return Integer.parseInt(property("quarkus.http.port"));
    }

    /** SmallRye Health under the default non-application root; a service that moved them fails the probe check. */
    Set<String> healthPaths() {
        if (property("quarkus.smallrye-health.root-path") != null
                || property("quarkus.http.non-application-root-path") != null) {
            return Set.of();
        }
        return Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    }

    private String property(String key) {
        String own = applicationProperties.getProperty(key);
        return own != null ? own : platformProperties.getProperty(key);
    }

    /** Whether a process environment variable of this name sets something this service reads. */
    boolean reads(String environmentVariable) {
        if (extensionProperty(environmentVariable)) {
            return true;
        }
        return propertiesRead().stream()
                .anyMatch(
                        p -> p.equals(environmentVariable) || environmentName(p).equals(environmentVariable));
    }

    /** The MicroProfile Config rule: non-alphanumerics become {@code _}, the rest upper case. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /**
     * Runtime properties of the Quarkus extensions the services are configured through that no file of ours names
     * (the connection settings an operator supplies, logging, shutdown, the init step), by environment name.
     */
    private boolean extensionProperty(String variable) {
        String datasources = String.join("|", namedDatasources());
        return variable.matches("QUARKUS_HTTP_PORT|KAFKA_BOOTSTRAP_SERVERS|MP_JWT_VERIFY_ISSUER"
                        + "|MP_JWT_VERIFY_PUBLICKEY|MP_JWT_VERIFY_PUBLICKEY_LOCATION"
                        + "|QUARKUS_LOG_LEVEL|QUARKUS_LOG_CATEGORY__[A-Z0-9_]+__LEVEL|QUARKUS_SHUTDOWN_TIMEOUT"
                        + "|QUARKUS_INIT_AND_EXIT|QUARKUS_FLYWAY_MIGRATE_AT_START")
                || variable.matches("QUARKUS_DATASOURCE(_(" + (datasources.isEmpty() ? "-" : datasources)
                        + "))?_(USERNAME|PASSWORD|REACTIVE_URL|JDBC_URL)");
    }

    private Set<String> namedDatasources() {
        Set<String> names = new TreeSet<>();
        for (String key : applicationProperties.stringPropertyNames()) {
            Matcher m = NAMED_DATASOURCE.matcher(key);
            if (m.matches()) {
                names.add(environmentName(m.group(1)));
            }
        }
        return names;
    }

    /** Every property name this service's files and code read, and every environment name their expressions use. */
    Set<String> propertiesRead() {
        Set<String> read = new LinkedHashSet<>();
        for (Properties properties : List.of(applicationProperties, platformProperties)) {
            for (String key : properties.stringPropertyNames()) {
                read.add(key.replaceFirst("^%[\\w-]+\\.", ""));
                collect(EXPRESSION, properties.getProperty(key), read);
            }
        }
        collect(COMMENTED_ASSIGNMENT, read(directory.resolve("src/main/resources/application.properties")), read);
        for (Path source : javaSources()) {
            String code = read(source);
            collect(CONFIG_PROPERTY, code, read);
            Matcher mapping = CONFIG_MAPPING.matcher(code);
            if (mapping.find()) {
                String prefix = mapping.group(1);
                Matcher method = MAPPING_METHOD.matcher(code);
                while (method.find()) {
                    read.add(prefix + "." + kebab(method.group(1)));
                }
            }
        }
        return read;
    }

    /** A Kafka channel the service consumes, with the topics it reads and the consumer group it reads them as. */
    record Consumer(String service, String channel, List<String> topics, String group) {

        /** Where libs/platform's consume path puts what it can never apply: one topic per topic read. */
        List<String> deadLetterTopics() {
            return topics.stream()
                    .map(topic -> Topics.deadLetters(topic, group))
                    .toList();
        }
    }

    /**
     * The service's Kafka consumers, as its application.properties configures them and SmallRye reads them: the
     * channel's {@code topics} (a list) or {@code topic}, else the channel's name; its {@code group.id}, else the one
     * libs/platform's consume path names dead letters by ({@code <quarkus.application.name>.<channel>}).
     */
    List<Consumer> consumers() {
        List<Consumer> consumers = new ArrayList<>();
        for (String key : new TreeSet<>(applicationProperties.stringPropertyNames())) {
            Matcher channel = INCOMING_KAFKA_CHANNEL.matcher(key);
            if (!channel.matches() || !"smallrye-kafka".equals(applicationProperties.getProperty(key))) {
                continue;
            }
            String name = channel.group(1);
            String prefix = "mp.messaging.incoming." + name + ".";
            String topics = Optional.ofNullable(property(prefix + "topics"))
                    .or(() -> Optional.ofNullable(property(prefix + "topic")))
                    .orElse(name);
            String group = Optional.ofNullable(property(prefix + "group.id"))
                    .orElseGet(() -> property("quarkus.application.name") + "." + name);
            consumers.add(new Consumer(
                    this.name,
                    name,
                    Arrays.stream(topics.split(",")).map(String::trim).toList(),
                    group));
        }
        return consumers;
    }

    /** Every consumer of every service. */
    static List<Consumer> allConsumers() {
        return ALL.stream().flatMap(service -> of(service).consumers().stream()).toList();
    }

    /** Every meter name the service and the platform register, as Prometheus spells it (without suffixes). */
    static Set<String> meterNames() {
        Set<String> meters = new TreeSet<>();
        Stream<Path> modules = Stream.concat(
                ALL.stream().map(Repository.root()::resolve),
                Stream.of(Repository.root().resolve("libs/platform")));
        modules.forEach(module -> javaSourcesUnder(module.resolve("src/main/java"))
                .forEach(source -> {
                    Matcher m = METER.matcher(read(source));
                    while (m.find()) {
                        String meter = m.group(1) != null ? m.group(1) : m.group(2);
                        meters.add(meter.replace('.', '_').replace('-', '_'));
                    }
                }));
        return meters;
    }

    /** Every string literal in the services' and the platform's main sources (label values their meters write). */
    static Set<String> stringLiterals() {
        Set<String> literals = new TreeSet<>();
        Stream.concat(
                        ALL.stream().map(Repository.root()::resolve),
                        Stream.of(Repository.root().resolve("libs/platform")))
                .forEach(module -> javaSourcesUnder(module.resolve("src/main/java"))
                        .forEach(source -> collect(STRING_LITERAL, read(source), literals)));
        return literals;
    }

    private List<Path> javaSources() {
        return Stream.concat(
                        javaSourcesUnder(directory.resolve("src/main/java")).stream(),
                        javaSourcesUnder(Repository.root().resolve("libs/platform/src/main/java")).stream())
                .toList();
    }

    private static List<Path> javaSourcesUnder(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        if (text == null) {
            return;
        }
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (reads "
                + Arrays.toString(propertiesRead().stream().sorted().toArray()) + ")";
    }
}
