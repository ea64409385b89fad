package pics.aed.local;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import pics.aed.egen.EgenSimulator;
import pics.aed.events.Topics;

/**
 * The infrastructure of the local stack in one process: an embedded PostgreSQL 17 (zonky), a Kafka 4.1 KRaft broker
 * (SmallRye's {@code EmbeddedKafkaBroker}) and the e-gen simulator, on fixed ports, with PostgreSQL's and Kafka's data
 * kept under one data directory across restarts. Prints {@value #READY} when all three are up; stops them on SIGTERM /
 * SIGINT. Started by {@code deploy/local/up.sh}; see {@code deploy/local/README.md}.
 *
 * <p>Environment: {@code AEDPICS_DATA_DIR} (default {@code <repo>/deploy/local/.data}), {@code AEDPICS_PG_PORT}
 * (15432), {@code AEDPICS_KAFKA_PORT} (19092), {@code AEDPICS_KAFKA_CONTROLLER_PORT} (Kafka port + 1),
 * {@code AEDPICS_EGEN_PORT} (18089), {@code AEDPICS_EGEN_DEVICES} (81464), {@code AEDPICS_FRESH=true} or argument
 * {@code --fresh} (wipe the data first), {@code AEDPICS_INFRA_LOG_LEVEL} (warn), {@code AEDPICS_INFRA_COMPONENTS}
 * (which of {@code postgres,kafka,egen,webhook} this process runs; default all: the fault suite runs Kafka in a
 * process of its own, to stop or kill the broker alone).
 */
public final class LocalInfrastructure implements AutoCloseable {

    public static final String READY = "infrastructure ready";
    public static final String DB_NAME = "aedpics";
    public static final String DB_USER = "aedpics";
    public static final String DB_PASSWORD = "aedpics";
    /** monitoring-service's read-only audit role; the services' V10 migrations grant it SELECT on their schemas. */
    public static final String MONITOR_USER = "aedpics_monitor";

    public static final String MONITOR_PASSWORD = "aedpics_monitor";
    /** Created in database aedpics, schema public, by the superuser (the aedpics role may not). */
    public static final List<String> UNTRUSTED_EXTENSIONS = List.of("cube", "earthdistance");

    /** The parts one infrastructure process can run; each has its own port and its own data, if any. */
    public enum Component {
        POSTGRES,
        KAFKA,
        EGEN,
        WEBHOOK;

        static Set<Component> parse(String list) {
            if (list == null || list.isBlank()) {
                return EnumSet.allOf(Component.class);
            }
            Set<Component> chosen = EnumSet.noneOf(Component.class);
            for (String name : list.split(",")) {
                try {
                    chosen.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("AEDPICS_INFRA_COMPONENTS names '" + name.trim()
                            + "'; choose from postgres, kafka, egen, webhook");
                }
            }
            return chosen;
        }
    }

    /** What to start and where. */
    public record Config(
            Path dataDir,
            int pgPort,
            int kafkaPort,
            int kafkaControllerPort,
            int egenPort,
            int egenDevices,
            int webhookPort,
            boolean fresh,
            Set<Component> components) {

        public Config {
            components = Set.copyOf(components);
        }

        boolean runs(Component component) {
            return components.contains(component);
        }

        static Config from(String[] args, Map<String, String> env) {
            boolean fresh = isTrue(env.get("AEDPICS_FRESH"));
            for (String a : args) {
                if (a.equals("--fresh")) {
                    fresh = true;
                } else if (a.equals("-h") || a.equals("--help")) {
                    throw new UsageException("usage: LocalInfrastructure [--fresh]   (configured by AEDPICS_* "
                            + "environment variables, see deploy/local/README.md)");
                } else {
                    throw new UsageException("unknown argument '" + a + "' (only --fresh is accepted)");
                }
            }
            String dir = env.get("AEDPICS_DATA_DIR");
            Path dataDir = (dir == null || dir.isBlank() ? defaultDataDir() : Path.of(dir))
                    .toAbsolutePath()
                    .normalize();
            int kafka = port(env, "AEDPICS_KAFKA_PORT", 19092);
            return new Config(
                    dataDir,
                    port(env, "AEDPICS_PG_PORT", 15432),
                    kafka,
                    port(env, "AEDPICS_KAFKA_CONTROLLER_PORT", kafka + 1),
                    port(env, "AEDPICS_EGEN_PORT", EgenSimulator.DEFAULT_PORT),
                    positive(env, "AEDPICS_EGEN_DEVICES", EgenSimulator.DEFAULT_DEVICES),
                    port(env, "AEDPICS_WEBHOOK_PORT", WebhookReceiver.DEFAULT_PORT),
                    fresh,
                    Component.parse(env.get("AEDPICS_INFRA_COMPONENTS")));
        }

        private static int port(Map<String, String> env, String name, int dflt) {
            int p = positive(env, name, dflt);
            if (p > 65535) {
                throw new UsageException(name + " must be a port number (1-65535), was " + p);
            }
            return p;
        }

        private static int positive(Map<String, String> env, String name, int dflt) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                return dflt;
            }
            try {
                int i = Integer.parseInt(v.trim());
                if (i < 1) {
                    throw new NumberFormatException();
                }
                return i;
            } catch (NumberFormatException e) {
                throw new UsageException(name + " must be a positive integer, was '" + v + "'");
            }
        }

        private static boolean isTrue(String v) {
            return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
        }
    }

    /** Bad configuration: exit 2 with the message. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** A start-up problem the user can fix (port taken, data dir in use): exit 1 with the message, no trace. */
    static final class StartupException extends RuntimeException {
        StartupException(String message) {
            super(message);
        }
    }

    private static final PrintStream OUT = System.out;

    private final Config config;
    private final Path pgDir;
    private final Path kafkaDir;
    private final Path logDir;
    private FileChannel lockChannel;
    private FileLock lock;
    private EmbeddedPostgres postgres;
    private EmbeddedKafkaBroker kafka;
    private EgenSimulator egen;
    private WebhookReceiver webhook;
    private boolean closed;

    public LocalInfrastructure(Config config) {
        this.config = config;
        this.pgDir = config.dataDir().resolve("postgres");
        this.kafkaDir = config.dataDir().resolve("kafka");
        this.logDir = config.dataDir().resolve("logs");
    }

    public static void main(String[] args) {
        configureLogging();
        Config config;
        try {
            config = Config.from(args, System.getenv());
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalInfrastructure infra = new LocalInfrastructure(config);
        Thread hook = new Thread(infra::close, "local-infrastructure-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            infra.start();
        } catch (StartupException e) {
            System.err.println("infrastructure failed to start: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("infrastructure failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        OUT.println(READY);
        OUT.flush();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts PostgreSQL, Kafka, the e-gen simulator and the webhook receiver (those configured), in that order. */
    public synchronized void start() throws Exception {
        Files.createDirectories(config.dataDir());
        lockDataDir();
        stopOrphanedPostgres();
        if (config.fresh()) {
            wipeData();
        }
        Files.createDirectories(logDir);
        if (config.runs(Component.POSTGRES)) {
            requireFree(config.pgPort(), "PostgreSQL", "AEDPICS_PG_PORT");
        }
        if (config.runs(Component.KAFKA)) {
            requireFree(config.kafkaPort(), "Kafka", "AEDPICS_KAFKA_PORT");
            requireFree(config.kafkaControllerPort(), "Kafka controller", "AEDPICS_KAFKA_CONTROLLER_PORT");
        }
        if (config.runs(Component.EGEN)) {
            requireFree(config.egenPort(), "e-gen simulator", "AEDPICS_EGEN_PORT");
        }
        if (config.runs(Component.WEBHOOK)) {
            requireFree(config.webhookPort(), "webhook receiver", "AEDPICS_WEBHOOK_PORT");
        }

        if (config.runs(Component.POSTGRES)) {
            startPostgres();
            OUT.printf(
                    "postgresql  jdbc:postgresql://localhost:%d/%s  user %s / password %s  (data %s)%n",
                    config.pgPort(), DB_NAME, DB_USER, DB_PASSWORD, pgDir);
        }
        if (config.runs(Component.KAFKA)) {
            startKafka();
            OUT.printf(
                    "kafka       localhost:%d  (KRaft, controller port %d; topics %s; data %s)%n",
                    config.kafkaPort(),
                    config.kafkaControllerPort(),
                    Topics.ALL.stream().map(Topics.TopicSpec::name).collect(Collectors.joining(", ")),
                    kafkaDir);
        }
        if (config.runs(Component.EGEN)) {
            egen = EgenSimulator.start(config.egenPort(), config.egenDevices());
            // the national feed has bad records too: every 1000th is served broken, so a sync shows its rejects
            egen.faults().invalidRecordsEvery(1000);
            OUT.printf(
                    "e-gen       %s%s  (%d devices)%n",
                    egen.baseUrl(), EgenSimulator.FULL_DOWN_PATH, config.egenDevices());
        }
        if (config.runs(Component.WEBHOOK)) {
            webhook = WebhookReceiver.start(config.webhookPort(), logDir.resolve("webhook.log"), OUT);
            OUT.printf("webhook     %s  (alert messages; %s)%n", webhook.url(), logDir.resolve("webhook.log"));
        }
    }

    // ---- data directory ------------------------------------------------------------------------------------------

    private void lockDataDir() throws IOException {
        lockChannel = FileChannel.open(
                config.dataDir().resolve("infrastructure.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new StartupException("another local infrastructure is already running on " + config.dataDir()
                    + " (stop it first, or set AEDPICS_DATA_DIR to another directory)");
        }
    }

    /** Everything in the data directory except the logs and our lock file. */
    private void wipeData() throws IOException {
        log("--fresh: wiping " + config.dataDir() + " (except logs/)");
        try (Stream<Path> children = Files.list(config.dataDir())) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.equals("logs") && !name.equals("infrastructure.lock")) {
                    deleteRecursively(child);
                }
            }
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * zonky starts PostgreSQL with {@code pg_ctl start}, so the server is not our child: if an earlier run was killed
     * hard (SIGKILL), its server still holds our data directory and port. We hold the data-dir lock, so any server
     * named in {@code postmaster.pid} is an orphan of ours: stop it (fast shutdown).
     */
    private void stopOrphanedPostgres() throws IOException, InterruptedException {
        Optional<ProcessHandle> orphan = PostgresProcess.running(pgDir);
        if (orphan.isEmpty()) {
            return;
        }
        long pid = orphan.get().pid();
        log("stopping a PostgreSQL server (pid " + pid + ") left running on " + pgDir + " by an earlier run");
        if (!PostgresProcess.stop(orphan.get(), Duration.ofSeconds(30))) {
            throw new StartupException("could not stop the orphaned PostgreSQL server, pid " + pid);
        }
    }

    private static void requireFree(int port, String what, String variable) {
        boolean listening;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            listening = true;
        } catch (IOException e) {
            listening = false;
        }
        boolean bindable;
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(port));
            bindable = true;
        } catch (IOException e) {
            bindable = false;
        }
        if (listening || !bindable) {
            throw new StartupException(what + " port " + port + " is already in use by another process"
                    + " (stop it, or set " + variable + " to a free port)");
        }
    }

    // ---- PostgreSQL ----------------------------------------------------------------------------------------------

    private void startPostgres() throws IOException, SQLException {
        boolean initialised = Files.exists(pgDir.resolve("postgresql.conf"));
        Files.createDirectories(pgDir);
        ProcessBuilder.Redirect pgLog =
                ProcessBuilder.Redirect.appendTo(logDir.resolve("postgres.log").toFile());
        long t0 = System.nanoTime();
        postgres = EmbeddedPostgres.builder()
                .setPort(config.pgPort())
                .setDataDirectory(pgDir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(pgLog)
                .setErrorRedirector(pgLog)
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", DB_USER)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + DB_USER + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
                }
                log("created role " + DB_USER);
            }
            // Before any service migrates: their V10 migrations grant this role read access to their schemas.
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", MONITOR_USER)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + MONITOR_USER + " LOGIN PASSWORD '" + MONITOR_PASSWORD + "'");
                }
                log("created role " + MONITOR_USER);
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DB_NAME)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + DB_NAME + " OWNER " + DB_USER);
                }
                log("created database " + DB_NAME);
            }
        }
        // Untrusted extensions need a superuser, as they would in production (the DBA / operator creates them);
        // the trusted ones (btree_gist, pg_trgm) the services' migrations create themselves as the database owner.
        try (Connection c = postgres.getDatabase("postgres", DB_NAME).getConnection();
                Statement s = c.createStatement()) {
            for (String ext : UNTRUSTED_EXTENSIONS) {
                s.execute("CREATE EXTENSION IF NOT EXISTS " + ext + " SCHEMA public");
            }
        }
        log(String.format(
                "PostgreSQL %s on port %d in %d ms (%s)",
                postgresVersion(),
                config.pgPort(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                initialised ? "existing data" : "new data directory"));
    }

    private String postgresVersion() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---- Kafka ---------------------------------------------------------------------------------------------------

    /**
     * EmbeddedKafkaBroker formats its log dir with {@code ignoreFormatted = true} and only deletes it on close when
     * told to, so pointing {@code log.dir} at our data directory, keeping the cluster id of the existing
     * {@code meta.properties}, fixing the controller port and {@code withDeleteLogDirsOnClose(false)} make it
     * persistent across restarts.
     */
    private void startKafka() throws Exception {
        Files.createDirectories(kafkaDir);
        Optional<String> existing = clusterIdOf(kafkaDir);
        String clusterId = existing.orElseGet(() -> Uuid.randomUuid().toString());
        long t0 = System.nanoTime();
        kafka = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("localhost")
                .withKafkaPort(config.kafkaPort())
                .withControllerPort(config.kafkaControllerPort())
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    p.put("log.dir", kafkaDir.toString());
                    // Local data: keep every event (the compacted topic compacts; the others never expire).
                    p.put("log.retention.ms", "-1");
                    // The companion turns controlled shutdown off; without it the controller still holds the old
                    // broker registration on the next start and refuses the new one until broker.session.timeout.ms
                    // (9 s) has passed (DUPLICATE_BROKER_REGISTRATION).
                    p.put("controlled.shutdown.enable", "true");
                });
        kafka.start();
        createTopics();
        log(String.format(
                "Kafka on port %d in %d ms (%s, cluster %s)",
                config.kafkaPort(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                existing.isPresent() ? "existing data" : "new log dir",
                clusterId));
    }

    static Optional<String> clusterIdOf(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        }
        return Optional.ofNullable(p.getProperty("cluster.id"));
    }

    private void createTopics() throws Exception {
        Map<String, Object> conf = new HashMap<>();
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + config.kafkaPort());
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(conf)) {
            Set<String> present = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.TopicSpec spec : Topics.ALL) {
                if (present.contains(spec.name())) {
                    continue;
                }
                NewTopic t = new NewTopic(spec.name(), spec.partitions(), (short) 1);
                if (spec.compacted()) {
                    t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                missing.add(t);
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                log("created topics " + missing.stream().map(NewTopic::name).collect(Collectors.joining(", ")));
            }
            Map<String, TopicDescription> described = admin.describeTopics(
                            Topics.ALL.stream().map(Topics.TopicSpec::name).toList())
                    .allTopicNames()
                    .get(60, TimeUnit.SECONDS);
            for (Topics.TopicSpec spec : Topics.ALL) {
                int actual = described.get(spec.name()).partitions().size();
                if (actual != spec.partitions()) {
                    log("warning: topic " + spec.name() + " has " + actual + " partitions, the contract says "
                            + spec.partitions() + " (start with --fresh to recreate)");
                }
            }
        }
    }

    // ---- shutdown ------------------------------------------------------------------------------------------------

    /** Stops the simulator, Kafka and PostgreSQL (in that order); safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (webhook != null) {
            quietly("webhook receiver", webhook::close);
        }
        if (egen != null) {
            quietly("e-gen simulator", egen::close);
        }
        if (kafka != null) {
            quietly("Kafka", kafka::close);
        }
        if (postgres != null) {
            // zonky registers its own shutdown hook that may already be stopping the server; either way, wait until
            // no server is left on our data directory (zonky's pg_ctl stop gives up after 5 s).
            quietly("PostgreSQL", () -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                try {
                    Optional<ProcessHandle> left = PostgresProcess.running(pgDir);
                    if (left.isPresent() && !PostgresProcess.stop(left.get(), Duration.ofSeconds(30))) {
                        throw new IllegalStateException(
                                "PostgreSQL pid " + left.get().pid() + " did not stop");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for PostgreSQL to stop");
                }
            });
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // exiting anyway
        }
        if (postgres != null || kafka != null || egen != null) {
            log("infrastructure stopped");
        }
    }

    private static void quietly(String what, Runnable r) {
        long t0 = System.nanoTime();
        try {
            r.run();
            log(what + " stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        } catch (RuntimeException e) {
            log("warning: stopping " + what + " failed: " + e);
        }
    }

    // ---- misc ----------------------------------------------------------------------------------------------------

    private static void log(String message) {
        OUT.println("[local-infrastructure] " + message);
        OUT.flush();
    }

    /** slf4j-simple to stdout, quiet by default; jboss-logging (EmbeddedKafkaBroker) through slf4j too. */
    static void configureLogging() {
        String level = Optional.ofNullable(System.getenv("AEDPICS_INFRA_LOG_LEVEL"))
                .filter(s -> !s.isBlank())
                .orElse("warn");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.out");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        // "The metadata log appears to be empty" on every first start: expected, not a warning for us.
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController", "error");
        // "Attempting to close NetworkClient that has already been closed" on every shutdown.
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        setIfAbsent("org.jboss.logging.provider", "slf4j");
        setIfAbsent("log4j2.statusLoggerLevel", "OFF");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** {@code <repo>/deploy/local/.data}, the repository found above this class's location or the working dir. */
    static Path defaultDataDir() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(LocalInfrastructure.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the working directory
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve("deploy/local/pom.xml")) && Files.exists(p.resolve("mvnw"))) {
                    return p.resolve("deploy/local/.data");
                }
            }
        }
        return Path.of(".data").toAbsolutePath();
    }
}
