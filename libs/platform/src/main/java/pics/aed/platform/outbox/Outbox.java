package pics.aed.platform.outbox;

import java.util.List;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import pics.aed.events.CloudEvent;

/**
 * Writes events into the outbox table in the caller's transaction. Nothing is sent here: the {@link OutboxRelay}
 * publishes what committed, so an event exists if and only if its change does.
 */
@Singleton
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (event_id, topic, event_key, event_type, source, subject, data)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)""";

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

    public Uni<Void> appendAll(SqlClient tx, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = events.stream().map(e -> row(CloudEvent.newId(), e)).toList();
        return tx.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    private Tuple row(String id, OutboxEvent event) {
        return Tuple.tuple(List.of(id, event.topic(), event.key(), event.type(), source,
                event.subject() == null ? event.key() : event.subject(), toJson(event.data())));
    }

    private String toJson(Object data) {
        if (data instanceof JsonObject object) {
            return object.encode();
        }
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable: " + data.getClass().getName(), e);
        }
    }
}
