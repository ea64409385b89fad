package pics.aed.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local stack of deploy/local/up.sh, started piece by piece so that each piece can fail alone: PostgreSQL with the
 * e-gen simulator and the webhook receiver in one infrastructure process, Kafka in another
 * ({@code AEDPICS_INFRA_COMPONENTS}), and the four services as {@code java -jar <svc>/target/quarkus-app/quarkus-run.jar}
 * with profile {@code local} and the environment up.sh gives them. Every port is a free one chosen here; the data
 * lives under {@code target/fault-suite/}.
 */
final class LocalStack implements AutoCloseable {

    static final String READY_LINE = "infrastructure ready";
    static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    enum Service {
        SESSIONS("sessions-service"),
        SCHEDULES("schedules-service"),
        SYNC("sync-service"),
        MONITORING("monitoring-service");

        final String module;

        Service(String module) {
            this.module = module;
        }
    }

    /** The two infrastructure processes. */
    enum Infra {
        POSTGRES("postgres,egen,webhook"),
        KAFKA("kafka");

        final String components;

        Infra(String components) {
            this.components = components;
        }
    }

    final Path repo;
    final Path work;
    final int egenDevices;
    final int pgPort;
    final int kafkaPort;
    final int kafkaControllerPort;
    final int egenPort;
    final int webhookPort;
    private final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
    private final Map<Service, ChildProcess> services = new EnumMap<>(Service.class);
    private final Map<Infra, ChildProcess> infra = new EnumMap<>(Infra.class);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LocalStack(Path repo, Path work, int egenDevices) throws IOException {
        this.repo = repo;
        this.work = work;
        this.egenDevices = egenDevices;
        this.pgPort = freePort();
        this.kafkaPort = freePort();
        this.kafkaControllerPort = freePort();
        this.egenPort = freePort();
        this.webhookPort = freePort();
        for (Service service : Service.values()) {
            servicePorts.put(service, freePort());
        }
    }

    /** Everything, fresh: both infrastructure processes, then the four services in parallel. */
    void start() throws Exception {
        requireBuilt();
        deleteRecursively(work.resolve("data"));
        deleteRecursively(work.resolve("logs"));
        startInfra(Infra.POSTGRES);
        startInfra(Infra.KAFKA);
        ExecutorService starting = Executors.newFixedThreadPool(Service.values().length);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Service service : Service.values()) {
                started.add(starting.submit(() -> {
                    startService(service);
                    return null;
                }));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } finally {
            starting.shutdownNow();
        }
    }

    private void requireBuilt() {
        List<Path> needed = new ArrayList<>(
                List.of(repo.resolve("deploy/local/target/classes"), repo.resolve("deploy/local/target/lib")));
        for (Service service : Service.values()) {
            needed.add(jar(service));
        }
        for (Path path : needed) {
            if (!Files.exists(path)) {
                throw new IllegalStateException(path + " is missing: build through the reactor, e.g. ./mvnw -pl"
                        + " deploy/system-tests/fault-suite -am verify (the suite depends on the services' poms so"
                        + " that they are packaged first)");
            }
        }
    }

    private Path jar(Service service) {
        return repo.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ---- infrastructure ------------------------------------------------------------------------------------------

    Path dataDir(Infra part) {
        return work.resolve("data").resolve(part.name().toLowerCase());
    }

    Path postgresDataDir() {
        return dataDir(Infra.POSTGRES).resolve("postgres");
    }

    void startInfra(Infra part) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("AEDPICS_INFRA_COMPONENTS", part.components);
        env.put("AEDPICS_DATA_DIR", dataDir(part).toString());
        env.put("AEDPICS_PG_PORT", Integer.toString(pgPort));
        env.put("AEDPICS_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("AEDPICS_KAFKA_CONTROLLER_PORT", Integer.toString(kafkaControllerPort));
        env.put("AEDPICS_EGEN_PORT", Integer.toString(egenPort));
        env.put("AEDPICS_WEBHOOK_PORT", Integer.toString(webhookPort));
        env.put("AEDPICS_EGEN_DEVICES", Integer.toString(egenDevices));
        String classpath =
                repo.resolve("deploy/local/target/classes") + ":" + repo.resolve("deploy/local/target/lib") + "/*";
        Path log = work.resolve("logs").resolve("infrastructure-" + part.name().toLowerCase() + ".log");
        if (part == Infra.POSTGRES) {
            ChildProcess.trackPostgres(postgresDataDir());
        }
        ChildProcess process = ChildProcess.start(
                "infrastructure " + part.components,
                List.of(java(), "-Xmx384m", "-cp", classpath, "pics.aed.local.LocalInfrastructure"),
                env,
                log);
        infra.put(part, process);
        long startedAt = logLength(log);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!readySince(log, startedAt)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "infrastructure (" + part.components + ") did not start:\n" + process.tail(40));
            }
            Thread.sleep(200);
        }
    }

    private static long logLength(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    private static boolean readySince(Path log, long offset) throws IOException {
        if (!Files.exists(log)) {
            return false;
        }
        byte[] all = Files.readAllBytes(log);
        String since =
                new String(all, (int) Math.min(offset, all.length), (int) (all.length - Math.min(offset, all.length)));
        return since.lines().anyMatch(READY_LINE::equals);
    }

    ChildProcess infra(Infra part) {
        return infra.get(part);
    }

    /** A clean restart of PostgreSQL: its process stops it (fast shutdown: every connection is cut) and a new one starts it. */
    void stopInfra(Infra part) throws InterruptedException {
        ChildProcess process = infra.remove(part);
        if (process != null) {
            process.stop(Duration.ofSeconds(60));
        }
    }

    void killInfra(Infra part) throws InterruptedException {
        ChildProcess process = infra.remove(part);
        if (process != null) {
            process.kill();
        }
    }

    // ---- services ------------------------------------------------------------------------------------------------

    void startService(Service service) throws Exception {
        int port = servicePorts.get(service);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + pgPort + "/aedpics");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/aedpics");
        env.put("QUARKUS_DATASOURCE_USERNAME", "aedpics");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "aedpics");
        env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + kafkaPort);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + repo.resolve("deploy/local/dev-keys/jwt-public.pem"));
        env.put("MP_JWT_VERIFY_ISSUER", DevTokens.ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", DevTokens.AUDIENCE);
        env.put("AEDPICS_EGEN_BASE_URL", "http://localhost:" + egenPort);
        env.put("AEDPICS_EGEN_SERVICE_KEY", "local-development-key");
        env.put("QUARKUS_DATASOURCE_AUDIT_PASSWORD", "aedpics_monitor");
        env.put("AEDPICS_MONITORING_WEBHOOK_URL", "http://localhost:" + webhookPort + "/hooks/alerts");
        env.put("QUARKUS_PROFILE", "local");
        // The suite starts the first sync itself, after it has started recording the outboxes' events.
        // (profile local sets it in application.properties, which a plain variable would not override)
        env.put("_LOCAL_AEDPICS_SYNC_FULL_SYNC_ON_EMPTY_REGISTRY", "false");
        Path log = work.resolve("logs").resolve(service.module + ".log");
        ChildProcess process = ChildProcess.start(
                service.module,
                List.of(
                        java(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar(service).toString()),
                env,
                log);
        services.put(service, process);
        awaitReady(service, process);
    }

    private void awaitReady(Service service, ChildProcess process) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (status(service, "/q/health/ready") != 200) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(service.module + " did not become ready:\n" + process.tail(60));
            }
            Thread.sleep(250);
        }
    }

    boolean ready(Service service) {
        return status(service, "/q/health/ready") == 200;
    }

    private int status(Service service, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url(service) + path))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: the service dies mid-transaction, as a crashed pod. */
    void killService(Service service) throws InterruptedException {
        ChildProcess process = services.remove(service);
        if (process != null) {
            process.kill();
        }
    }

    String url(Service service) {
        return "http://localhost:" + servicePorts.get(service);
    }

    String egenUrl() {
        return "http://localhost:" + egenPort;
    }

    /** The database as its superuser (local connections are trusted), for the checks and the planted violations. */
    Connection superuser() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/aedpics", "postgres", "");
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    @Override
    public void close() {
        for (ChildProcess service : services.values()) {
            try {
                service.stop(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
        for (Infra part : List.of(Infra.KAFKA, Infra.POSTGRES)) {
            try {
                stopInfra(part);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ChildProcess.killEverything();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
