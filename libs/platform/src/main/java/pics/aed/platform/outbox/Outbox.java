package pics.aed.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import pics.aed.events.CloudEvent;
import pics.aed.platform.sql.UnnestColumns;
import pics.aed.platform.tracing.TraceContexts;

/**
 * Writes events into the outbox table in the caller's transaction. Nothing is sent here: the {@link OutboxRelay}
 * publishes what committed, so an event exists if and only if its change does. Each row keeps the W3C
 * {@code traceparent} of the span current when it was written (the request's, or a consumer's), which the relay sends
 * on as the record's {@code traceparent} header: the trace continues after the request is gone.
 */
@Singleton
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, data, traceparent)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::json, $8)""";

    private static final String INSERT_ALL = """
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, data, traceparent)
            SELECT e.id, e.topic, e.key, e.type, $5, e.subject, e.data::json, $8::text
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::text[], $7::text[]) WITH ORDINALITY
                   AS e(id, topic, key, type, subject, data, n)
             ORDER BY e.n""";

    /** Wraps a caller's query of (event_key, data) rows; its own parameters come after the caller's. */
    private static final String INSERT_QUERIED = """
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, data, traceparent)
            SELECT gen_random_uuid()::text, $%1$d, r.event_key, $%2$d, $%3$d, r.event_key, r.data, $%5$d::text
              FROM (%4$s) AS r""";

    private final ObjectMapper json;
    private final String source;

    public Outbox(ObjectMapper json, @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.json = json;
        this.source = "/aedpics/" + applicationName;
    }

    /**
     * Appends one event; {@code tx} must be the connection of the transaction that makes the change.
     *
     * @return the event id
     */
    public Uni<String> append(SqlClient tx, OutboxEvent event) {
        String id = CloudEvent.newId();
        return tx.preparedQuery(INSERT).execute(row(id, event)).replaceWith(id);
    }

    /**
     * Appends many events with one statement (arrays unnested in order), so that a sync writing 80,000 snapshots
     * costs a statement per chunk, not one per event (and the NOTIFY trigger fires once per chunk).
     */
    public Uni<Void> appendAll(SqlClient tx, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(INSERT_ALL)
                .execute(UnnestColumns.of(events)
                        .column(String.class, event -> CloudEvent.newId())
                        .column(String.class, OutboxEvent::topic)
                        .column(String.class, OutboxEvent::key)
                        .column(String.class, OutboxEvent::type)
                        .value(source)
                        .column(String.class, event -> event.subject() == null ? event.key() : event.subject())
                        .column(String.class, event -> toJson(event.data()))
                        .value(TraceContexts.currentTraceparent())
                        .tuple())
                .replaceWithVoid();
    }

    /**
     * Appends one event per row of a query, built inside the database: when tens of thousands of events carry data
     * that already sits in tables (a first sync's device snapshots), nothing travels to Java and back.
     *
     * @param rows   a SELECT of {@code event_key} (key and subject) and {@code data} (json), in publishing order
     * @param params the parameters of {@code rows} ($1 … $n)
     * @return how many events were appended
     */
    public Uni<Integer> appendQueried(SqlClient tx, String topic, String type, String rows, Tuple params) {
        int n = params.size();
        List<Object> values = new ArrayList<>(n + 4);
        for (int i = 0; i < n; i++) {
            values.add(params.getValue(i));
        }
        values.addAll(Arrays.asList(topic, type, source, TraceContexts.currentTraceparent()));
        String sql = INSERT_QUERIED.formatted(n + 1, n + 2, n + 3, rows, n + 4);
        return tx.preparedQuery(sql).execute(Tuple.from(values)).map(result -> result.rowCount());
    }

    private Tuple row(String id, OutboxEvent event) {
        return Tuple.tuple(Arrays.asList(
                id,
                event.topic(),
                event.key(),
                event.type(),
                source,
                event.subject() == null ? event.key() : event.subject(),
                toJson(event.data()),
                TraceContexts.currentTraceparent()));
    }

    private String toJson(Object data) {
        if (data instanceof JsonObject object) {
            return object.encode();
        }
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "event data is not serialisable: " + data.getClass().getName(), e);
        }
    }
}
