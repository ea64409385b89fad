import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;

/**
 * The audits and the readiness roll-up of monitoring-service over a national registry with a year of schedules,
 * assignments, sessions and inspections (docs/benchmarks.md "monitoring audits"). A fresh embedded PostgreSQL 17;
 * every schema migrated with its service's real migrations (V10 included: grants and the audits' indexes); the data
 * generated in SQL; each query read from the service's own classes (the text the service runs), executed as the
 * role the service uses (audits: aedpics_monitor), timed over several runs. The evaluation cycle runs them all at once
 * on separate connections, as AlertEvaluator does. Baseline, same run: one full scan of the year's sessions.
 *
 * Run it with monitoring-service/bench/audits.sh [devices] [months] [repeats].
 */
public class AuditsBench {

    record Query(String name, String role, String sql, String params) {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 81_464;
        int months = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setLocaleConfig("lc-collate", "C")
                .setLocaleConfig("lc-ctype", "C.UTF-8")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("work_mem", "16MB")
                .setServerConfig("max_wal_size", "4GB")
                .start()) {
            String url = prepare(postgres);
            for (String[] service : new String[][] {
                {"inspection", "sessions-service"}, {"registry", "sync-service"},
                {"scheduling", "schedules-service"}, {"monitoring", "monitoring-service"}
            }) {
                Flyway.configure()
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
            }
            long t0 = System.nanoTime();
            try (Connection owner = DriverManager.getConnection(url, "aedpics", "aedpics");
                    Statement sql = owner.createStatement()) {
                String generate = Files.readString(Path.of("monitoring-service/bench/generate.sql"))
                        .replace(":devices", Integer.toString(devices))
                        .replace(":months", Integer.toString(months));
                sql.execute(generate);
                sql.execute("ANALYZE");
                print(
                        sql,
                        "SELECT 'generated: ' || (SELECT count(*) FROM registry.devices) || ' devices, '"
                                + " || (SELECT count(*) FROM scheduling.schedules) || ' schedules, '"
                                + " || (SELECT count(*) FROM inspection.assignments) || ' assignments, '"
                                + " || (SELECT count(*) FROM inspection.sessions) || ' sessions, '"
                                + " || (SELECT count(*) FROM inspection.inspections) || ' inspections, '"
                                + " || (SELECT count(*) FROM registry.sync_runs) || ' sync runs'");
            }
            System.out.printf("data generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            List<Query> queries = queries();
            Query baseline = new Query(
                    "baseline: count(*) of inspection.sessions",
                    "aedpics_monitor",
                    "SELECT count(*) FROM inspection.sessions",
                    "");
            Map<String, Double> medians = new LinkedHashMap<>();
            System.out.printf("%-48s %10s %10s%n", "query (as role)", "median ms", "min ms");
            for (Query query : concat(List.of(baseline), queries)) {
                double[] times = timeSequentially(url, query, repeats);
                medians.put(query.name(), median(times));
                System.out.printf(
                        "%-48s %10.1f %10.1f%n", query.name() + " (" + query.role() + ")", median(times), min(times));
            }
            double[] cycles = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                cycles[i] = timeConcurrently(url, queries);
            }
            System.out.printf(
                    "%-48s %10.1f %10.1f%n",
                    "evaluation cycle (all at once, 6 connections)", median(cycles), min(cycles));
            double base = medians.get(baseline.name());
            System.out.printf(
                    "ratios to the baseline (median / median): %s%n",
                    medians.entrySet().stream()
                                    .filter(e -> !e.getKey().equals(baseline.name()))
                                    .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / base))
                                    .reduce((a, b) -> a + "; " + b)
                                    .orElse("")
                            + String.format("; cycle %.2f", median(cycles) / base));
            explain(url, queries, Path.of("monitoring-service/target/bench-plans.txt"));
        }
    }

    /** Every query of one evaluation, as the service's classes spell them, with the parameters it binds. */
    static List<Query> queries() throws Exception {
        String audit = "pics.aed.monitoring.store.AuditStore";
        String readiness = "pics.aed.monitoring.store.ReadinessStore";
        String alerts = "pics.aed.monitoring.store.AlertStore";
        String today = "(now() AT TIME ZONE 'Asia/Seoul')::date";
        return List.of(
                new Query("duplicate-sessions", "aedpics_monitor", constant(audit, "DUPLICATE_SESSIONS"), ""),
                new Query("duplicate-schedules", "aedpics_monitor", constant(audit, "DUPLICATE_SCHEDULES"), ""),
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
                        today),
                new Query(
                        "readiness roll-up, national by gugun",
                        "aedpics",
                        constant(readiness, "BY_GUGUN"),
                        "NULL, NULL, " + today + ", " + today + " + 30, date_trunc('month', " + today + ")::date, "
                                + "(date_trunc('month', " + today + ") - interval '1 month')::date"));
    }

    static String constant(String className, String field) throws Exception {
        Field f = Class.forName(className, false, AuditsBench.class.getClassLoader())
                .getDeclaredField(field);
        f.setAccessible(true);
        return (String) f.get(null);
    }

    static String prepare(EmbeddedPostgres postgres) throws SQLException {
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
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/aedpics";
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

    static double[] timeSequentially(String url, Query query, int repeats) throws SQLException {
        double[] times = new double[repeats];
        try (Connection connection = connect(url, query.role());
                Statement sql = connection.createStatement()) {
            sql.execute(prepared(query));
            drain(sql, executed(query)); // warm: the first run also plans and reads the pages into memory
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                drain(sql, executed(query));
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return times;
    }

    /** Wall time of every query at once, each on its own connection (prepared beforehand), in ms. */
    static double timeConcurrently(String url, List<Query> queries) throws Exception {
        List<Connection> connections = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Statement> statements = new ArrayList<>();
            for (Query query : queries) {
                Connection connection = connect(url, query.role());
                connections.add(connection);
                Statement sql = connection.createStatement();
                sql.execute(prepared(query));
                statements.add(sql);
            }
            long t0 = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                Statement sql = statements.get(i);
                Query query = queries.get(i);
                running.add(pool.submit(() -> {
                    drain(sql, executed(query));
                    return null;
                }));
            }
            for (Future<?> done : running) {
                done.get();
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            pool.shutdownNow();
            for (Connection connection : connections) {
                connection.close();
            }
        }
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

    static void drain(Statement sql, String statement) throws SQLException {
        try (ResultSet rows = sql.executeQuery(statement)) {
            while (rows.next()) {
                rows.getObject(1);
            }
        }
    }

    static void print(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                System.out.println(rows.getString(1));
            }
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
