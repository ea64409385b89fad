package pics.aed.platform.testapp;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The test app's effect of a widget event, as a service's store writes one: it counts (not idempotent, so a second
 * application shows). A name starting {@code poison-} fails as a bug would (division by zero, never cured by
 * waiting); one starting {@code locked-} first waits for its {@code widget_locks} row with a short lock_timeout, so a
 * test holding that row makes the effect fail transiently. Test-only.
 */
@Singleton
public class WidgetEffects {

    private static final Logger LOG = Logger.getLogger(WidgetEffects.class);

    public static final String POISON = "poison-";
    public static final String LOCKED = "locked-";

    private static final String COUNT = """
            INSERT INTO widget_counts (widget_name, applied) VALUES ($1, 1)
            ON CONFLICT ON CONSTRAINT widget_counts_pkey DO UPDATE SET applied = widget_counts.applied + 1""";
    private static final String FAIL_AS_A_BUG = "SELECT 1 / 0";
    private static final String SHORT_LOCK_TIMEOUT = "SET LOCAL lock_timeout = '200ms'";
    private static final String WAIT_FOR_LOCK =
            "SELECT widget_name FROM widget_locks WHERE widget_name = $1 FOR UPDATE";

    public Uni<Void> apply(SqlConnection tx, WidgetEvent widget) {
        if (widget.name().startsWith(POISON)) {
            return tx.query(FAIL_AS_A_BUG).execute().replaceWithVoid();
        }
        Uni<Void> before = widget.name().startsWith(LOCKED)
                ? tx.query(SHORT_LOCK_TIMEOUT)
                        .execute()
                        .chain(() -> tx.preparedQuery(WAIT_FOR_LOCK).execute(Tuple.of(widget.name())))
                        .replaceWithVoid()
                : Uni.createFrom().voidItem();
        return before.chain(() -> tx.preparedQuery(COUNT).execute(Tuple.of(widget.name())))
                .invoke(() -> LOG.infof("widget %s counted", widget.name()))
                .replaceWithVoid();
    }
}
