package pics.aed.platform.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Builds the WHERE clause of a list query from optional filters, with numbered parameters, so that no value is ever
 * concatenated into SQL. A null filter value means "no condition".
 */
public final class SqlFilter {

    private final List<Object> params = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();

    public SqlFilter equalTo(String column, Object value) {
        if (value != null) {
            params.add(value);
            conditions.add(column + " = $" + params.size());
        }
        return this;
    }

    public SqlFilter in(String column, Collection<String> values) {
        if (values != null && !values.isEmpty()) {
            params.add(values.toArray(String[]::new));
            conditions.add(column + " = ANY($" + params.size() + ")");
        }
        return this;
    }

    public SqlFilter atLeast(String column, Object value) {
        if (value != null) {
            params.add(value);
            conditions.add(column + " >= $" + params.size());
        }
        return this;
    }

    public SqlFilter before(String column, Object value) {
        if (value != null) {
            params.add(value);
            conditions.add(column + " < $" + params.size());
        }
        return this;
    }

    /** {@code ""} or {@code " WHERE a = $1 AND …"}. */
    public String where() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    public Tuple params() {
        return Tuple.from(params);
    }

    /** {@code " LIMIT $n OFFSET $m"}, numbered after the filter's own parameters. */
    public String limitOffset() {
        return " LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2);
    }

    public Tuple paramsWithPage(int page, int size) {
        List<Object> all = new ArrayList<>(params);
        all.add(size);
        all.add((long) page * size);
        return Tuple.from(all);
    }
}
