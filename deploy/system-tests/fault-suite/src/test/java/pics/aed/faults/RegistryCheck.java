package pics.aed.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The registry as bytes: an md5 over {@code registry.devices}, every column of every row in equipment-serial order,
 * leaving out the load generator's areas (their devices take inspection results from completed sessions while a sync
 * runs, which is a legitimate change). A failed or aborted sync must leave it identical.
 */
final class RegistryCheck {

    private static final String HASH = """
            SELECT md5(string_agg(d::text, E'\\n' ORDER BY d.equipment_serial)) || ' ' || count(*)
              FROM registry.devices d
             WHERE NOT (d.sido || '/' || d.gugun = ANY(?))""";

    private final LocalStack stack;
    private final String[] excludedAreas;

    RegistryCheck(LocalStack stack, List<LoadGenerator.Area> areas) {
        this.stack = stack;
        this.excludedAreas = areas.stream().map(a -> a.sido() + "/" + a.gugun()).toArray(String[]::new);
    }

    String hash() throws SQLException {
        try (Connection c = stack.superuser()) {
            return Sql.strings(c, HASH, (Object) excludedAreas).get(0);
        }
    }
}
