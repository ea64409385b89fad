package pics.aed.platform.sql;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

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

    /**
     * Runs the list query of the HTTP contract: the total of matching rows, then one page of them in {@code orderBy} order.
     *
     * @param from    the table (or join) after FROM
     * @param orderBy the ORDER BY list; end it with a unique column so that pages never overlap
     */
    public <T> Uni<Page<T>> page(
            SqlClient client, String columns, String from, String orderBy, PageRequest page, Function<Row, T> mapper) {
        String select = "SELECT " + columns + " FROM " + from + where() + " ORDER BY " + orderBy + limitOffset();
        return client.preparedQuery("SELECT count(*) AS total FROM " + from + where())
                .execute(params())
                .flatMap(total -> client.preparedQuery(select)
                        .execute(paramsWithPage(page.page(), page.size()))
                        .map(rows -> {
                            List<T> items = new ArrayList<>();
                            rows.forEach(row -> items.add(mapper.apply(row)));
                            return new Page<>(
                                    items,
                                    page.page(),
                                    page.size(),
                                    total.iterator().next().getLong("total"));
                        }));
    }

    public Tuple paramsWithPage(int page, int size) {
        List<Object> all = new ArrayList<>(params);
        all.add(size);
        all.add((long) page * size);
        return Tuple.from(all);
    }
}
