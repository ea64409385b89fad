package pics.aed.monitoring.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import pics.aed.monitoring.domain.Alert;
import pics.aed.monitoring.domain.AlertRule;
import pics.aed.monitoring.domain.Condition;
import pics.aed.monitoring.domain.Severity;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;

/** The SQL of {@code monitoring.alerts}. */
@Singleton
public class AlertStore {

    private static final String COLUMNS = """
            id, rule, fingerprint, severity, status, summary, labels, starts_at, ends_at, last_evaluated_at""";

    private static final String FIRING =
            "SELECT " + COLUMNS + " FROM alerts WHERE status = 'firing' ORDER BY starts_at";

    /**
     * Fires a condition; the partial unique index on the fingerprint makes a concurrent evaluation that fired it first
     * win, and this one insert nothing (no row returned, so no event and no message either).
     */
    private static final String FIRE = "INSERT INTO alerts (id, rule, fingerprint, severity, status, summary, labels,"
            + " starts_at, last_evaluated_at) VALUES ($1, $2, $3, $4, 'firing', $5, $6, $7, $7)"
            + " ON CONFLICT (fingerprint) WHERE status = 'firing' DO NOTHING RETURNING " + COLUMNS;

    /** Resolves a firing alert, once: a concurrent evaluation that resolved it first leaves nothing to return. */
    private static final String RESOLVE = "UPDATE alerts SET status = 'resolved', ends_at = $2, last_evaluated_at = $2"
            + " WHERE id = $1 AND status = 'firing' RETURNING " + COLUMNS;

    /**
     * Every alert still firing, refreshed in one statement (one evaluation can find hundreds of regions still firing);
     * one that a concurrent evaluation resolved meanwhile is left alone.
     */
    private static final String STILL_FIRING = """
            UPDATE alerts SET last_evaluated_at = $2, summary = refreshed.summary
              FROM unnest($1::uuid[], $3::text[]) AS refreshed (id, summary)
             WHERE alerts.id = refreshed.id AND alerts.status = 'firing'""";

    private static final String FIRING_BY_RULE =
            "SELECT rule, count(*) AS n FROM alerts WHERE status = 'firing' GROUP BY rule";

    /**
     * What an admin sees: national alerts (no region label) and those labelled with a region inside theirs. $1/$2 null
     * mean any region (national callers).
     */
    private static final String VISIBLE = """
            ($1::text IS NULL OR labels->>'sido' IS NULL
             OR (labels->>'sido' = $1 AND ($2::text IS NULL OR labels->>'gugun' IS NULL OR labels->>'gugun' = $2)))
            AND ($3::text IS NULL OR status = $3)""";

    private static final String COUNT_VISIBLE = "SELECT count(*) AS total FROM alerts WHERE " + VISIBLE;

    private static final String LIST_VISIBLE =
            "SELECT " + COLUMNS + " FROM alerts WHERE " + VISIBLE + " ORDER BY starts_at DESC, id LIMIT $4 OFFSET $5";

    private static final String OWN_OUTBOX = """
            SELECT count(*) AS pending,
                   coalesce(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_seconds,
                   count(*) FILTER (WHERE created_at < now() - make_interval(secs => $1)) AS stale,
                   (array_agg(event_id ORDER BY created_at)
                        FILTER (WHERE created_at < now() - make_interval(secs => $1)))[1:$2] AS stale_examples
              FROM outbox""";

    public Uni<List<Alert>> firing(SqlClient client) {
        return client.preparedQuery(FIRING).execute().map(rows -> AuditStore.mapAll(rows, AlertStore::alertOf));
    }

    public Uni<Optional<Alert>> fire(SqlClient tx, Condition condition, OffsetDateTime at) {
        return tx.preparedQuery(FIRE)
                .execute(Tuple.from(Arrays.<Object>asList(
                        UUID.randomUUID(),
                        condition.rule().wireName(),
                        condition.fingerprint(),
                        condition.rule().severity().name(),
                        condition.summary(),
                        new JsonObject(new LinkedHashMap<>(condition.labels())),
                        at)))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(alertOf(rows.iterator().next())));
    }

    public Uni<Optional<Alert>> resolve(SqlClient tx, UUID id, OffsetDateTime at) {
        return tx.preparedQuery(RESOLVE)
                .execute(Tuple.of(id, at))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(alertOf(rows.iterator().next())));
    }

    /** @param summaries the summary as seen now, by the id of each alert still firing */
    public Uni<Void> stillFiring(SqlClient client, Map<UUID, String> summaries, OffsetDateTime at) {
        if (summaries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(STILL_FIRING)
                .execute(Tuple.of(
                        summaries.keySet().toArray(UUID[]::new),
                        at,
                        summaries.values().toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Map<AlertRule, Long>> firingByRule(SqlClient client) {
        return client.preparedQuery(FIRING_BY_RULE).execute().map(rows -> {
            Map<AlertRule, Long> counts = new LinkedHashMap<>();
            rows.forEach(row -> AlertRule.fromWireName(row.getString("rule"))
                    .ifPresent(rule -> counts.put(rule, row.getLong("n"))));
            return counts;
        });
    }

    /** @param status firing, resolved or null for both */
    public Uni<Page<Alert>> visibleTo(SqlClient client, Region area, String status, PageRequest page) {
        Tuple filter = Tuple.of(area.sido(), area.gugun(), status);
        Tuple paged = Tuple.from(Arrays.<Object>asList(
                area.sido(), area.gugun(), status, page.size(), (long) page.page() * page.size()));
        return client.preparedQuery(COUNT_VISIBLE)
                .execute(filter)
                .map(rows -> rows.iterator().next().getLong("total"))
                .flatMap(total -> client.preparedQuery(LIST_VISIBLE)
                        .execute(paged)
                        .map(rows -> new Page<>(
                                AuditStore.mapAll(rows, AlertStore::alertOf), page.page(), page.size(), total)));
    }

    /** monitoring-service's own outbox, audited like the others' (its owner reads it; the audit role may not). */
    public Uni<AuditStore.OutboxWaiting> ownOutbox(SqlClient client, Duration staleAfter) {
        return client.preparedQuery(OWN_OUTBOX)
                .execute(Tuple.of((double) staleAfter.toSeconds(), AuditStore.EXAMPLES))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new AuditStore.OutboxWaiting(
                            "monitoring-service",
                            row.getLong("pending"),
                            Duration.ofMillis(Math.round(row.getDouble("oldest_seconds") * 1000)),
                            row.getLong("stale"),
                            AuditStore.texts(row, "stale_examples"));
                });
    }

    static Alert alertOf(Row row) {
        JsonObject labels = (JsonObject) row.getValue("labels");
        Map<String, String> labelMap = new LinkedHashMap<>();
        labels.forEach(entry -> labelMap.put(entry.getKey(), String.valueOf(entry.getValue())));
        return new Alert(
                row.getUUID("id"),
                row.getString("rule"),
                row.getString("fingerprint"),
                Severity.valueOf(row.getString("severity")),
                Alert.AlertStatus.valueOf(row.getString("status")),
                row.getString("summary"),
                labelMap,
                row.getOffsetDateTime("starts_at"),
                row.getOffsetDateTime("ends_at"),
                row.getOffsetDateTime("last_evaluated_at"));
    }
}
