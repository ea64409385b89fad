package pics.aed.sync;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import pics.aed.testsupport.Database;

/**
 * For a test profile: empties registry tables before the service starts, so that what the service does at start is
 * seen against a known state whatever test classes ran before. Argument {@code tables}: comma-separated names in
 * schema registry. On a fresh database the schema does not exist yet, and there is nothing to empty.
 */
public class TruncatedBeforeStart implements QuarkusTestResourceLifecycleManager {

    private String tables;

    @Override
    public void init(Map<String, String> initArgs) {
        tables = initArgs.get("tables");
    }

    @Override
    public Map<String, String> start() {
        String qualified = String.join(
                ", ",
                java.util.Arrays.stream(tables.split(","))
                        .map(table -> "registry." + table.strip())
                        .toList());
        Database.execute("""
                DO $$ BEGIN
                    IF to_regclass('registry.sync_runs') IS NOT NULL THEN TRUNCATE %s; END IF;
                END $$""".formatted(qualified));
        return Map.of();
    }

    @Override
    public void stop() {}
}
