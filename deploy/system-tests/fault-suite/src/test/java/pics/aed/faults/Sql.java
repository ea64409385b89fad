package pics.aed.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The few JDBC shapes the checks need. */
final class Sql {

    private Sql() {}

    static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepared(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of every row, as text. */
    static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = prepared(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    /** Every row as its columns' text. */
    static List<String[]> rows(Connection c, String sql, Object... args) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement ps = prepared(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                found.add(row);
            }
        }
        return found;
    }

    static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepared(c, sql, args)) {
            ps.execute();
        }
    }

    private static PreparedStatement prepared(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof String[] texts) {
                ps.setArray(i + 1, c.createArrayOf("text", texts));
            } else {
                ps.setObject(i + 1, arg);
            }
        }
        return ps;
    }
}
