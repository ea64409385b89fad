package pics.aed.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** An embedded PostgreSQL 17 with the aedpics database, role and extensions, on a random free port. */
final class Postgres {

    static final String DATABASE = "aedpics";
    static final String USER = "aedpics";
    static final String PASSWORD = "aedpics";
    /** monitoring-service's read-only role; each service's V10 migration grants it SELECT on its schema. */
    static final String MONITOR_USER = "aedpics_monitor";

    static final String MONITOR_PASSWORD = "aedpics_monitor";

    /** The services' migrations expect these; created in public so that every schema can reach them. */
    private static final String[] EXTENSIONS = {"btree_gist", "pg_trgm", "cube", "earthdistance"};

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static Postgres start() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    // C collation keeps ordering byte-wise and deterministic; a UTF-8 ctype makes pg_trgm and
                    // full-text search treat Hangul as letters (with ctype C they would drop every Korean word).
                    .setLocaleConfig("lc-collate", "C")
                    .setLocaleConfig("lc-ctype", "C.UTF-8")
                    // The first start unpacks the binaries; a cold CI machine can take longer than the default 10 s.
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Durability does not matter for throw-away test data; this makes commits and DDL cheap.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Postgres postgres = new Postgres(server);
            postgres.prepare();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /**
     * The role is the database owner but no superuser, like the application role in production: it may
     * create schemas (Flyway) and trusted extensions, and permission mistakes still show up in tests.
     */
    private void prepare() {
        try (Connection admin = server.getPostgresDatabase().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            // Created before any service migrates, as the cluster spec and the local stack do: the grants live in
            // the owning services' migrations and need the role to exist (docs/operations.md "Database").
            sql.execute("CREATE ROLE " + MONITOR_USER + " LOGIN PASSWORD '" + MONITOR_PASSWORD + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the aedpics role and database", e);
        }
        try (Connection admin = server.getDatabase("postgres", DATABASE).getConnection();
                Statement sql = admin.createStatement()) {
            for (String extension : EXTENSIONS) {
                sql.execute("CREATE EXTENSION IF NOT EXISTS " + extension + " WITH SCHEMA public");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the extensions", e);
        }
    }

    int port() {
        return server.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    String reactiveUrl() {
        return "postgresql://localhost:" + port() + "/" + DATABASE;
    }

    void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
