package pics.aed.platform.testapp;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;

/** A consumer of the test topic whose effect is a row per processed event. Test-only. */
@ApplicationScoped
public class WidgetEffects {

    private final IdempotentConsumer consumer;

    public WidgetEffects(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("test-widgets")
    public Uni<Void> consume(Message<String> message) {
        IncomingEvent event = IncomingEvent.from(message);
        String name = new JsonObject(event.data()).getString("name");
        return IdempotentConsumer.settle(
                message,
                consumer.processOnce(
                        "widget-effects",
                        event,
                        tx -> tx.preparedQuery("INSERT INTO widget_effects (event_id, widget_name) VALUES ($1, $2)")
                                .execute(Tuple.of(event.id(), name))
                                .replaceWithVoid()));
    }
}
