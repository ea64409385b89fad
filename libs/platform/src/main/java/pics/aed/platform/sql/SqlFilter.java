package pics.aed.platform.sql;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;

/**
 * Builds the WHERE clause of a list query, with numbered parameters, so that no value is ever concatenated into SQL.
 * <p>
 * Every filter starts from who may see what: {@link #visibleTo(Caller, String, String)} (the caller's area),
 * {@link #where(String, Object)} (e.g. the caller's own rows) or, for national callers only, {@link #unrestricted()}.
 * A required condition whose value is missing is an error, never "no condition": a token without its scope claims
 * must not list the whole country. Optional filters from query parameters say so in their name
 * ({@code …IfGiven}).
 */
public final class SqlFilter {

    private final List<Object> params = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();

    private SqlFilter() {}

    /** Every row: only for national callers (master, service), whose scope is the country. */
    public static SqlFilter unrestricted() {
        return new SqlFilter();
    }

    /** Rows where {@code column} equals {@code value}, which must be present. */
    public static SqlFilter where(String column, Object value) {
        return new SqlFilter().equalTo(column, value);
    }

    /**
     * The rows in the caller's area: every row for national callers, the sido for regional admins, sido and gugun
     * for everyone else.
     *
     * @throws IllegalStateException when the caller lacks the claims its role needs
     */
    public static SqlFilter visibleTo(Caller caller, String sidoColumn, String gugunColumn) {
        if (caller.isNational()) {
            return unrestricted();
        }
        if (caller.lacksScopeClaims()) {
            throw new IllegalStateException("caller " + caller.id() + " lacks scope claims; refuse it before listing");
        }
        Region area = caller.visibleArea();
        SqlFilter filter = where(sidoColumn, area.sido());
        // the area of a regional admin is the whole sido; anyone else's names its gugun (lacksScopeClaims checked it)
        return area.gugun() == null ? filter : filter.equalTo(gugunColumn, area.gugun());
    }

    /**
     * A required condition.
     *
     * @throws IllegalArgumentException when {@code value} is null: a missing value must not mean "any"
     */
    public SqlFilter equalTo(String column, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("no value for the required condition on " + column);
        }
        params.add(value);
        conditions.add(column + " = $" + params.size());
        return this;
    }

    /** An optional filter: no condition when the client did not give {@code value}. */
    public SqlFilter equalToIfGiven(String column, Object value) {
        return value == null ? this : equalTo(column, value);
    }

    /** An optional filter: no condition when the client gave no values. */
    public SqlFilter inIfGiven(String column, Collection<String> values) {
        if (values != null && !values.isEmpty()) {
            params.add(values.toArray(String[]::new));
            conditions.add(column + " = ANY($" + params.size() + ")");
        }
        return this;
    }

    /** An optional lower bound (inclusive). */
    public SqlFilter atLeastIfGiven(String column, Object value) {
        if (value != null) {
            params.add(value);
            conditions.add(column + " >= $" + params.size());
        }
        return this;
    }

    /** An optional upper bound (exclusive). */
    public SqlFilter beforeIfGiven(String column, Object value) {
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
        Uni<Long> total = client.preparedQuery("SELECT count(*) AS total FROM " + from + where())
                .execute(params())
                .map(rows -> rows.iterator().next().getLong("total"));
        Uni<List<T>> items = client.preparedQuery(select)
                .execute(paramsWithPage(page.page(), page.size()))
                .map(rows -> {
                    List<T> mapped = new ArrayList<>();
                    rows.forEach(row -> mapped.add(mapper.apply(row)));
                    return mapped;
                });
        // one after the other: a transaction's connection runs one query at a time
        return total.flatMap(count -> items.map(found -> new Page<>(found, page.page(), page.size(), count)));
    }

    public Tuple paramsWithPage(int page, int size) {
        List<Object> all = new ArrayList<>(params);
        all.add(size);
        all.add((long) page * size);
        return Tuple.from(all);
    }
}
