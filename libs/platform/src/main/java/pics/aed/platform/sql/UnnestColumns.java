package pics.aed.platform.sql;

import io.vertx.mutiny.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The parameters of a statement that writes many rows at once by unnesting one array per column
 * ({@code unnest($1::text[], $2::bigint[], …)}): each column's values taken from the rows in order, as the typed array
 * the PostgreSQL client binds. One statement per batch instead of one per row is what keeps the device views and the
 * outbox relay in step with a full sync.
 *
 * <pre>{@code
 * Tuple params = UnnestColumns.of(devices)
 *         .column(String.class, DeviceSnapshot::equipmentSerial)
 *         .column(Long.class, DeviceSnapshot::versionOrNone)
 *         .tuple();
 * }</pre>
 *
 * @param <R> what a row is made from
 */
public final class UnnestColumns<R> {

    private final List<R> rows;
    private final List<Object> parameters = new ArrayList<>();

    private UnnestColumns(List<R> rows) {
        this.rows = rows;
    }

    public static <R> UnnestColumns<R> of(List<R> rows) {
        return new UnnestColumns<>(rows);
    }

    /** The next parameter: an array of {@code type} holding {@code value} of each row (nulls kept). */
    public <V> UnnestColumns<R> column(Class<V> type, Function<? super R, ? extends V> value) {
        @SuppressWarnings("unchecked")
        V[] column = (V[]) Array.newInstance(type, rows.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        parameters.add(column);
        return this;
    }

    /** The next parameter: one value for the whole statement (a source, a trace context). */
    public UnnestColumns<R> value(Object value) {
        parameters.add(value);
        return this;
    }

    public Tuple tuple() {
        return Tuple.from(parameters);
    }
}
