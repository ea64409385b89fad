import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import pics.aed.monitoring.config.MonitoringMetrics;
import pics.aed.monitoring.config.MonitoringSettings;
import pics.aed.monitoring.domain.AlertEvaluator;
import pics.aed.monitoring.domain.Auditor;
import pics.aed.monitoring.domain.ReadinessCriteria;
import pics.aed.monitoring.events.AlertEvents;
import pics.aed.monitoring.store.AlertStore;
import pics.aed.monitoring.store.AuditStore;
import pics.aed.monitoring.store.DeliveryStore;
import pics.aed.monitoring.store.ReadinessStore;
import pics.aed.platform.jobs.ClusterSingleton;
import pics.aed.platform.outbox.Outbox;
import pics.aed.platform.security.Region;

/**
 * The audits, the readiness roll-up and the whole evaluation cycle of monitoring-service over a national registry
 * with a year of schedules, assignments, sessions and inspections (docs/benchmarks.md "monitoring-service: audits and
 * the readiness roll-up"). Run it with monitoring-service/bench/audits.sh [devices] [months] [repeats].
 *
 * <p>An embedded PostgreSQL 17 whose data directory is kept (monitoring-service/target/bench-pg/DEVICESxMONTHS, or
 * AEDPICS_BENCH_DATA): the first run generates the data (bench/generate.sql), later runs reuse it and only apply the
 * migrations that are new since, so that figures before and after a change come from the same rows. Every schema is
 * migrated with its service's real migrations; VACUUM ANALYZE then leaves the tables as autovacuum would.
 *
 * <p>Part 1 times each query alone, the text read from the service's classes, as the role the service uses. Part 2 is
 * the evaluation cycle as the service runs it: the service's own AlertEvaluator, Auditor and stores on Vert.x pools
 * sized like the service's (audit pool 6, main pool 20), evaluating every alert rule (all audits at once, then the
 * alert transitions, each with its event and webhook message) while the national readiness roll-up runs alongside,
 * as a dashboard's request would. Each part's time comes from the service's own timers. Baseline, same run: one full
 * scan of the year's sessions.
 */
public class AuditsBench {

    record Query(String name, String role, String sql, String params) {}

    static final String TODAY = "(now() AT TIME ZONE 'Asia/Seoul')::date";

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 81_464;
        int months = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path data = Path.of(Optional.ofNullable(System.getenv("AEDPICS_BENCH_DATA"))
                        .orElse("monitoring-service/target/bench-pg/" + devices + "x" + months))
                .toAbsolutePath();
        boolean fresh = !Files.exists(data.resolve("postgresql.conf"));
        Files.createDirectories(data);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setLocaleConfig("lc-collate", "C")
                .setLocaleConfig("lc-ctype", "C.UTF-8")
                .setPGStartupWait(Duration.ofSeconds(120))
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("work_mem", "16MB")
                .setServerConfig("max_wal_size", "4GB")
                .start()) {
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/aedpics";
            if (fresh) {
                prepare(postgres);
            }
            System.out.println("== data directory " + data + (fresh ? " (new)" : " (reused)"));
            migrate(url);
            try (Connection owner = DriverManager.getConnection(url, "aedpics", "aedpics");
                    Statement sql = owner.createStatement()) {
                if (count(sql, "SELECT count(*) FROM registry.devices") == 0) {
                    long t0 = System.nanoTime();
                    sql.execute(Files.readString(Path.of("monitoring-service/bench/generate.sql"))
                            .replace(":devices", Integer.toString(devices))
                            .replace(":months", Integer.toString(months)));
                    System.out.printf("data generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                }
                // Each run starts from no alerts, so that its first evaluation fires the same transitions.
                sql.execute("DELETE FROM monitoring.webhook_deliveries");
                sql.execute("DELETE FROM monitoring.alerts");
                sql.execute("DELETE FROM monitoring.outbox");
                print(
                        sql,
                        "SELECT 'data: ' || (SELECT count(*) FROM registry.devices) || ' devices, '"
                                + " || (SELECT count(*) FROM scheduling.schedules) || ' schedules, '"
                                + " || (SELECT count(*) FROM inspection.assignments) || ' assignments, '"
                                + " || (SELECT count(*) FROM inspection.sessions) || ' sessions, '"
                                + " || (SELECT count(*) FROM inspection.inspections) || ' inspections, '"
                                + " || (SELECT count(*) FROM registry.sync_runs) || ' sync runs'");
            }
            try (Connection superuser =
                            postgres.getDatabase("postgres", "aedpics").getConnection();
                    Statement sql = superuser.createStatement()) {
                long t0 = System.nanoTime();
                sql.execute("VACUUM (ANALYZE)");
                System.out.printf("VACUUM ANALYZE in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }

            System.out.println("\n== part 1: each query alone (load " + load() + ")");
            List<Query> queries = queries();
            Query baseline = new Query(
                    "baseline: count(*) of inspection.sessions",
                    "aedpics_monitor",
                    "SELECT count(*) FROM inspection.sessions",
                    "");
            Map<String, Double> medians = new LinkedHashMap<>();
            System.out.printf("%-50s %10s %10s %8s%n", "query (as role)", "median ms", "min ms", "rows");
            for (Query query : concat(List.of(baseline), queries)) {
                Timing timing = timeSequentially(url, query, repeats);
                medians.put(query.name(), median(timing.millis()));
                System.out.printf(
                        "%-50s %10.1f %10.1f %8d%n",
                        query.name() + " (" + query.role() + ")",
                        median(timing.millis()),
                        min(timing.millis()),
                        timing.rows());
            }
            double base = medians.get(baseline.name());
            System.out.println("ratios to the baseline (median / median): "
                    + String.join(
                            "; ",
                            medians.entrySet().stream()
                                    .filter(e -> !e.getKey().equals(baseline.name()))
                                    .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / base))
                                    .toList()));
            System.out.println("(load " + load() + ")");

            System.out.println("\n== part 2: the evaluation cycle as the service runs it (load " + load() + ")");
            cycles(postgres.getPort(), repeats, base);
            System.out.println("(load " + load() + ")");

            explain(url, queries, Path.of("monitoring-service/target/bench-plans.txt"));
        }
    }

    /** Every query of one evaluation alone, as the service's classes spell them, with the parameters it binds. */
    static List<Query> queries() throws Exception {
        String audit = "pics.aed.monitoring.store.AuditStore";
        String readiness = "pics.aed.monitoring.store.ReadinessStore";
        String alerts = "pics.aed.monitoring.store.AlertStore";
        return List.of(
                new Query("duplicate-sessions", "aedpics_monitor", constant(audit, "DUPLICATE_SESSIONS"), ""),
                // What the service runs while invariant 2 is in force (decision 0013), then the scan it runs when not.
                new Query(
                        "duplicate-schedules (catalog: invariant 2 in force?)",
                        "aedpics_monitor",
                        constant(audit, "OVERLAPS_EXCLUDED"),
                        ""),
                new Query(
                        "duplicate-schedules (scan, when it is not)",
                        "aedpics_monitor",
                        constant(audit, "DUPLICATE_SCHEDULES"),
                        ""),
                new Query(
                        "completed-session-assignment-not-completed",
                        "aedpics_monitor",
                        constant(audit, "COMPLETED_SESSION_ASSIGNMENT_OPEN"),
                        "5"),
                new Query(
                        "in-progress-assignment-without-open-session",
                        "aedpics_monitor",
                        constant(audit, "IN_PROGRESS_ASSIGNMENT_WITHOUT_SESSION"),
                        "5"),
                new Query(
                        "schedule-status-disagrees-with-session",
                        "aedpics_monitor",
                        constant(audit, "SCHEDULE_STATUS_DRIFT"),
                        "5, 300"),
                new Query(
                        "open-session-on-unknown-device",
                        "aedpics_monitor",
                        constant(audit, "OPEN_SESSION_UNKNOWN_DEVICE"),
                        "5"),
                new Query("outboxes", "aedpics_monitor", constant(audit, "OUTBOXES"), "60, 5"),
                new Query("sync-health", "aedpics_monitor", constant(audit, "SYNC_HEALTH"), ""),
                new Query("sync-latest-runs", "aedpics_monitor", constant(audit, "LATEST_RUNS"), "20"),
                new Query("own-outbox", "aedpics", constant(alerts, "OWN_OUTBOX"), "60, 5"),
                new Query(
                        "device-readiness (expired by gugun)",
                        "aedpics",
                        constant(readiness, "EXPIRED_BY_REGION"),
                        TODAY),
                new Query(
                        "readiness roll-up, national by gugun",
                        "aedpics",
                        constant(readiness, "BY_GUGUN"),
                        "NULL, NULL, " + TODAY + ", " + TODAY + " + 30, date_trunc('month', " + TODAY + ")::date, "
                                + "(date_trunc('month', " + TODAY + ") - interval '1 month')::date"));
    }

    /**
     * The first evaluation (from no alerts: every condition that holds fires, each in its own transaction with its
     * event and webhook message), then {@code repeats} more (the steady minute: the same conditions still firing are
     * refreshed), each with the national readiness roll-up alongside.
     */
    static void cycles(int port, int repeats, double baseline) {
        Vertx vertx = Vertx.vertx();
        Pool main = pool(vertx, port, "aedpics", 20, "monitoring,public");
        Pool audit = pool(vertx, port, "aedpics_monitor", 6, null);
        try {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MonitoringMetrics metrics = new MonitoringMetrics(registry);
            MonitoringSettings settings = new BenchSettings();
            ObjectMapper json = new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            AuditStore audits = new AuditStore(audit);
            AlertStore alerts = new AlertStore();
            ReadinessStore readiness = new ReadinessStore();
            AlertEvaluator evaluator = new AlertEvaluator(
                    main,
                    new Auditor(audits, alerts, main, metrics, settings),
                    audits,
                    alerts,
                    readiness,
                    new AlertEvents(new Outbox(json, "monitoring-service"), new DeliveryStore(), json, settings),
                    new ClusterSingleton(main, "monitoring"),
                    metrics,
                    settings);

            List<Map<String, Double>> runs = new ArrayList<>();
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i <= repeats; i++) {
                Map<String, Double> before = timers(registry);
                long t0 = System.nanoTime();
                Uni<Double> rollUp = Uni.createFrom().deferred(() -> {
                    long r0 = System.nanoTime();
                    return readiness
                            .figures(
                                    main,
                                    new Region(null, null),
                                    ReadinessCriteria.at(ZonedDateTime.now(), ReadinessCriteria.DEFAULT_WITHIN_DAYS),
                                    false)
                            .map(regions -> (System.nanoTime() - r0) / 1e6);
                });
                var done = Uni.combine()
                        .all()
                        .unis(evaluator.evaluate(), rollUp)
                        .asTuple()
                        .await()
                        .atMost(Duration.ofMinutes(10));
                double wall = (System.nanoTime() - t0) / 1e6;
                Map<String, Double> run = new LinkedHashMap<>();
                timers(registry).forEach((part, total) -> run.put(part, total - before.getOrDefault(part, 0.0)));
                run.put("readiness roll-up, national by gugun (alongside)", done.getItem2());
                run.put("cycle (evaluation and roll-up, wall)", wall);
                runs.add(run);
                var evaluation = done.getItem1();
                outcomes.add(String.format(
                        "evaluation %d: %d fired, %d resolved, %d firing; rules failed: %s",
                        i + 1,
                        evaluation.fired().size(),
                        evaluation.resolved().size(),
                        evaluation.firing(),
                        evaluation.rulesFailed()));
            }
            outcomes.forEach(System.out::println);
            System.out.printf(
                    "%-58s %11s %13s %10s %9s%n", "part of the cycle", "first ms", "steady med ms", "min ms", "ratio");
            for (String part : runs.get(runs.size() - 1).keySet()) {
                double first = runs.get(0).getOrDefault(part, 0.0);
                double[] steady = runs.subList(1, runs.size()).stream()
                        .mapToDouble(run -> run.getOrDefault(part, 0.0))
                        .toArray();
                System.out.printf(
                        "%-58s %11.1f %13.1f %10.1f %9.2f%n",
                        part, first, median(steady), min(steady), median(steady) / baseline);
            }
        } finally {
            main.closeAndAwait();
            audit.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    /** Total milliseconds of each of the service's timers: every audit, each phase, the whole evaluation. */
    static Map<String, Double> timers(SimpleMeterRegistry registry) {
        Map<String, Double> totals = new TreeMap<>();
        for (Timer timer : registry.find("aedpics.monitoring.audit").timers()) {
            totals.put(
                    "audit " + timer.getId().getTag("audit"),
                    timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e6);
        }
        for (Timer timer : registry.find("aedpics.monitoring.evaluation.phase").timers()) {
            totals.put(
                    "phase " + timer.getId().getTag("phase")
                            + ("observe".equals(timer.getId().getTag("phase"))
                                    ? " (every audit at once)"
                                    : " (alert transitions)"),
                    timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e6);
        }
        Map<String, Double> ordered = new LinkedHashMap<>(totals);
        for (Timer timer : registry.find("aedpics.monitoring.evaluation").timers()) {
            ordered.put(
                    "evaluation (observe + apply)", timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e6);
        }
        return ordered;
    }

    static Pool pool(Vertx vertx, int port, String role, int size, String searchPath) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost("localhost")
                .setPort(port)
                .setDatabase("aedpics")
                .setUser(role)
                .setPassword(role);
        if (searchPath != null) {
            connect.addProperty("search_path", searchPath);
        }
        return PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(size));
    }

    /** The service's defaults (its README), with a webhook configured so that every transition writes its message. */
    static final class BenchSettings implements MonitoringSettings {
        @Override
        public Optional<URI> webhookUrl() {
            return Optional.of(URI.create("http://localhost:9/bench-webhook"));
        }

        @Override
        public Duration driftGrace() {
            return Duration.ofMinutes(5);
        }

        @Override
        public String evaluateEvery() {
            return "1m";
        }

        @Override
        public Duration outboxBacklogAfter() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration syncTooLongAfter() {
            return Duration.ofHours(1);
        }

        @Override
        public int syncFailuresBeforeAlert() {
            return 3;
        }

        @Override
        public Webhook webhook() {
            throw new UnsupportedOperationException("the benchmark posts nothing");
        }
    }

    static void migrate(String url) {
        for (String[] service : new String[][] {
            {"inspection", "sessions-service"}, {"registry", "sync-service"},
            {"scheduling", "schedules-service"}, {"monitoring", "monitoring-service"}
        }) {
            MigrateResult result = Flyway.configure()
                    .dataSource(url, "aedpics", "aedpics")
                    .schemas(service[0])
                    .defaultSchema(service[0])
                    .createSchemas(true)
                    .outOfOrder(true)
                    .locations(
                            "classpath:db/platform",
                            "filesystem:"
                                    + Path.of(service[1], "src/main/resources/db/migration")
                                            .toAbsolutePath())
                    .load()
                    .migrate();
            result.migrations.forEach(applied -> System.out.printf(
                    "migrated %s V%s %s in %.1f s%n",
                    service[0], applied.version, applied.description, applied.executionTime / 1000.0));
        }
    }

    static String constant(String className, String field) throws Exception {
        Field f = Class.forName(className, false, AuditsBench.class.getClassLoader())
                .getDeclaredField(field);
        f.setAccessible(true);
        return (String) f.get(null);
    }

    static void prepare(EmbeddedPostgres postgres) throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE aedpics LOGIN PASSWORD 'aedpics'");
            sql.execute("CREATE ROLE aedpics_monitor LOGIN PASSWORD 'aedpics_monitor'");
            sql.execute("CREATE DATABASE aedpics OWNER aedpics");
        }
        try (Connection admin = postgres.getDatabase("postgres", "aedpics").getConnection();
                Statement sql = admin.createStatement()) {
            for (String extension : List.of("btree_gist", "pg_trgm", "cube", "earthdistance")) {
                sql.execute("CREATE EXTENSION IF NOT EXISTS " + extension + " WITH SCHEMA public");
            }
        }
    }

    static Connection connect(String url, String role) throws SQLException {
        Connection connection = DriverManager.getConnection(url, role, role);
        try (Statement sql = connection.createStatement()) {
            sql.execute("SET search_path = " + (role.equals("aedpics") ? "monitoring" : "public") + ", public");
        }
        return connection;
    }

    static String prepared(Query query) {
        return "PREPARE q AS " + query.sql();
    }

    static String executed(Query query) {
        return query.params().isEmpty() ? "EXECUTE q" : "EXECUTE q(" + query.params() + ")";
    }

    record Timing(double[] millis, long rows) {}

    static Timing timeSequentially(String url, Query query, int repeats) throws SQLException {
        double[] times = new double[repeats];
        long rows = 0;
        try (Connection connection = connect(url, query.role());
                Statement sql = connection.createStatement()) {
            sql.execute(prepared(query));
            drain(sql, executed(query)); // warm: the first run also plans and reads the pages into memory
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                rows = drain(sql, executed(query));
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return new Timing(times, rows);
    }

    static void explain(String url, List<Query> queries, Path out) throws Exception {
        StringBuilder plans = new StringBuilder();
        for (Query query : queries) {
            try (Connection connection = connect(url, query.role());
                    Statement sql = connection.createStatement()) {
                sql.execute(prepared(query));
                plans.append("== ").append(query.name()).append('\n');
                try (ResultSet rows = sql.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + executed(query))) {
                    while (rows.next()) {
                        plans.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, plans);
        System.out.println("query plans: " + out);
    }

    static long drain(Statement sql, String statement) throws SQLException {
        long rows = 0;
        try (ResultSet result = sql.executeQuery(statement)) {
            while (result.next()) {
                result.getObject(1);
                rows++;
            }
        }
        return rows;
    }

    static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static void print(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                System.out.println(rows.getString(1));
            }
        }
    }

    static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.join(", ", Arrays.asList(fields).subList(0, 3));
        } catch (Exception e) {
            return "unknown";
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
