package pics.aed.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pics.aed.testsupport.AedpicsTestServers;

/**
 * The role the audits log in as reads the other services' schemas (through the grants of their V10 migrations, tables
 * created after the grant included) and can change nothing anywhere.
 */
@QuarkusTest
class ReadOnlyRoleTest {

    private static Connection asMonitor() throws SQLException {
        return DriverManager.getConnection(
                AedpicsTestServers.jdbcUrl(), AedpicsTestServers.MONITOR_USER, AedpicsTestServers.MONITOR_PASSWORD);
    }

    private static long count(String table) throws SQLException {
        try (Connection connection = asMonitor();
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(String statement) throws SQLException {
        try (Connection connection = asMonitor();
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "inspection.sessions",
                "inspection.assignments",
                "inspection.inspections",
                "inspection.outbox",
                "registry.devices",
                "registry.sync_runs",
                "registry.outbox",
                "scheduling.schedules",
                "scheduling.outbox"
            })
    void readsTheOtherServicesTables(String table) throws SQLException {
        assertThat(count(table)).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "INSERT INTO inspection.sessions (id, equipment_serial, inspector_id, sido, gugun, status, device_snapshot)"
                        + " VALUES (gen_random_uuid(), 'X', 'x', 's', 'g', 'active', '{}')",
                "INSERT INTO registry.devices (equipment_serial, sido, gugun) VALUES ('ro-test', 's', 'g')",
                "INSERT INTO scheduling.outbox (event_id, topic, event_key, event_type, source, data)"
                        + " VALUES ('ro-test', 't', 'k', 'e', 's', '{}')",
                "UPDATE registry.sync_runs SET error = 'x'",
                "DELETE FROM inspection.outbox",
                "TRUNCATE inspection.processed_events",
                "INSERT INTO monitoring.alerts (id) VALUES (gen_random_uuid())",
                "SELECT count(*) FROM monitoring.alerts",
                "CREATE TABLE registry.monitor_was_here (id int)",
                "CREATE TABLE public.monitor_was_here (id int)",
                "CREATE SCHEMA monitor_was_here",
                "ALTER TABLE inspection.sessions ADD COLUMN monitor_was_here int"
            })
    void changesNothingAnywhere(String statement) {
        assertThatThrownBy(() -> execute(statement))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                // 42501 insufficient_privilege; 42P01 would mean the statement never reached a permission check
                .isEqualTo("42501");
    }

    @Test
    void tablesCreatedAfterTheGrantAreReadableToo() throws SQLException {
        pics.aed.testsupport.Database.execute("CREATE TABLE registry.created_after_grant (id int)");
        try {
            assertThat(count("registry.created_after_grant")).isZero();
        } finally {
            pics.aed.testsupport.Database.execute("DROP TABLE registry.created_after_grant");
        }
    }
}
