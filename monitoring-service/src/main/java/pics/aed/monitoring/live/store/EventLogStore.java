package pics.aed.monitoring.live.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import pics.aed.events.CloudEvent;
import pics.aed.monitoring.live.domain.LiveEvent;
import pics.aed.monitoring.live.domain.Placement;
import pics.aed.monitoring.live.domain.Reach;
import pics.aed.platform.sql.UnnestColumns;

/** The event log's SQL: append (position assigned by the database, V20), read in position order, prune. */
@Singleton
public class EventLogStore {

    /** Entries in the order given: positions follow the ordinality. */
    private static final String APPEND_ALL = """
            INSERT INTO event_log (event_id, type, source, subject, event_time, reach, sido, gugun, data)
            SELECT e.event_id, e.type, e.source, e.subject, e.event_time, e.reach, e.sido, e.gugun, (e.data)::json
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[],
                          $8::text[], $9::text[])
                   WITH ORDINALITY AS e(event_id, type, source, subject, event_time, reach, sido, gugun, data, n)
             ORDER BY e.n
            ON CONFLICT ON CONSTRAINT event_log_event_id_key DO NOTHING""";

    private static final String READ_AFTER = """
            SELECT position, event_id, type, subject, event_time, reach, sido, gugun, data::text AS data
              FROM event_log WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3""";
    private static final String HORIZON = """
            SELECT h.pruned_through, GREATEST(h.pruned_through, COALESCE(max(l.position), 0)) AS head
              FROM event_log_horizon h LEFT JOIN event_log l ON true GROUP BY h.pruned_through""";
    private static final String PRUNE = """
            WITH through AS (
                SELECT max(position) AS position FROM event_log
                 WHERE logged_at < now() - make_interval(secs => $1)),
            deleted AS (
                DELETE FROM event_log WHERE position <= (SELECT position FROM through) RETURNING position)
            UPDATE event_log_horizon
               SET pruned_through = GREATEST(pruned_through, COALESCE((SELECT max(position) FROM deleted), 0)),
                   pruned_at = now()
            RETURNING pruned_through, (SELECT count(*) FROM deleted) AS deleted""";

    /** What the log holds: positions up to {@code prunedThrough} are gone, {@code head} is the newest. */
    public record Horizon(long prunedThrough, long head) {}

    /** One prune: how many entries went, and the new horizon. */
    public record Pruned(long deleted, long prunedThrough) {}

    private final Pool pool;

    public EventLogStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Appends placed events in one statement in the caller's transaction, positions growing in the order given (an
     * event id already logged is left as it is); the positions become visible when it commits, after every lower one.
     */
    public Uni<Void> appendAll(SqlConnection tx, List<PlacedEvent> events) {
        return tx.preparedQuery(APPEND_ALL)
                .execute(UnnestColumns.of(events)
                        .column(String.class, placed -> placed.event().id())
                        .column(String.class, placed -> placed.event().type())
                        .column(String.class, placed -> placed.event().source())
                        .column(String.class, placed -> placed.event().subject())
                        .column(OffsetDateTime.class, placed -> placed.event().time())
                        .column(
                                String.class,
                                placed -> placed.placement().reach().column())
                        .column(String.class, placed -> placed.placement().sido())
                        .column(String.class, placed -> placed.placement().gugun())
                        .column(String.class, placed -> placed.event().data())
                        .tuple())
                .replaceWithVoid();
    }

    /** An event with where it belongs. */
    public record PlacedEvent(CloudEvent event, Placement placement) {}

    /** Entries in {@code (after, upTo]}, oldest first, at most {@code limit}. */
    public Uni<List<LiveEvent>> readAfter(long after, long upTo, int limit) {
        return pool.preparedQuery(READ_AFTER)
                .execute(Tuple.of(after, upTo, limit))
                .map(rows -> {
                    List<LiveEvent> events = new ArrayList<>(rows.size());
                    rows.forEach(row -> events.add(liveEvent(row)));
                    return events;
                });
    }

    public Uni<Horizon> horizon() {
        return pool.query(HORIZON)
                .execute()
                .map(rows -> rows.iterator().next())
                .map(row -> new Horizon(row.getLong("pruned_through"), row.getLong("head")));
    }

    /** Deletes the entries logged longer ago than {@code retention} (always a prefix of the log). */
    public Uni<Pruned> prune(Duration retention) {
        return pool.withTransaction(tx -> tx.preparedQuery(PRUNE)
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> rows.iterator().next())
                .map(row -> new Pruned(row.getLong("deleted"), row.getLong("pruned_through"))));
    }

    private static LiveEvent liveEvent(Row row) {
        Placement placement =
                new Placement(Reach.fromColumn(row.getString("reach")), row.getString("sido"), row.getString("gugun"));
        String subject = row.getString("subject");
        OffsetDateTime time = row.getOffsetDateTime("event_time");
        String head = new JsonObject()
                .put("id", row.getString("event_id"))
                .put("type", row.getString("type"))
                .put("subject", subject)
                .put("time", time.toString())
                .put("sido", placement.sido())
                .put("gugun", placement.gugun())
                .encode();
        // The payload is spliced in as stored: rendered once per event, never re-parsed per subscriber.
        String json = head.substring(0, head.length() - 1) + ",\"data\":" + row.getString("data") + "}";
        return new LiveEvent(row.getLong("position"), row.getString("type"), placement, json);
    }
}
