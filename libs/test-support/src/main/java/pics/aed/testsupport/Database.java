package pics.aed.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JDBC against the test PostgreSQL as role {@code aedpics}, to set up and assert data in tests. Every call
 * opens its own auto-committed connection, so it sees exactly what the service under test has committed.
 * Parameters bind in order to the {@code ?} placeholders.
 */
public final class Database {

    private Database() {}

    /** A new connection; the caller closes it. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                AedpicsTestServers.jdbcUrl(), AedpicsTestServers.DB_USER, AedpicsTestServers.DB_PASSWORD);
    }

    /** Runs an INSERT, UPDATE, DELETE or DDL statement; returns the number of rows it changed. */
    public static int execute(String sql, Object... params) {
        try (Connection connection = connect();
                PreparedStatement statement = prepare(connection, sql, params)) {
            statement.execute();
            return Math.max(statement.getUpdateCount(), 0);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Every row, each as column label to value in column order (JDBC types: Long, String, Timestamp, ...). */
    public static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection connection = connect();
                PreparedStatement statement = prepare(connection, sql, params);
                ResultSet result = statement.executeQuery()) {
            ResultSetMetaData columns = result.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /**
     * The first column of the only row, or null for no row; e.g. {@code String status = scalar("select status
     * from sessions.session where id = ?", id)}. The type is the caller's guess: a wrong one fails with
     * ClassCastException where it is assigned.
     */
    @SuppressWarnings("unchecked")
    public static <T> T scalar(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row but got " + rows.size() + " from: " + sql);
        }
        return rows.isEmpty() ? null : (T) rows.get(0).values().iterator().next();
    }

    /** Rows in a table, e.g. {@code count("sessions.session")}. */
    public static long count(String table) {
        return count(table, "true");
    }

    /** Rows in a table that match a condition, e.g. {@code count("sessions.session", "device_serial = ?", serial)}. */
    public static long count(String table, String where, Object... params) {
        return Database.<Long>scalar("select count(*) from " + table + " where " + where, params);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            // The driver binds OffsetDateTime but not Instant, which is what services mostly hold.
            Object param = params[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : params[i];
            statement.setObject(i + 1, param);
        }
        return statement;
    }

    private static IllegalStateException failed(String sql, SQLException e) {
        return new IllegalStateException(e.getMessage() + " in: " + sql, e);
    }
}
