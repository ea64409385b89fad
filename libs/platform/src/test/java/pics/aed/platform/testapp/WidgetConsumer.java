package pics.aed.platform.testapp;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.platform.consumer.EventConsumers;
import pics.aed.platform.consumer.EventHandler;

/** Wires the test topic to the shared consume path, as a service's {@code events/*Consumer} does. Test-only. */
@ApplicationScoped
public class WidgetConsumer {

    public static final String NAME = "widget-effects";
    public static final String TYPE = "pics.aed.test.widget-created";

    private final EventConsumers consumers;
    private final EventHandler handler;

    public WidgetConsumer(EventConsumers consumers, WidgetEffects effects) {
        this.consumers = consumers;
        this.handler = EventHandler.of(NAME, WidgetEvent.class, effects::apply, TYPE);
    }

    @Incoming("test-widgets")
    public Uni<Void> consume(Message<List<String>> batch) {
        return consumers.consume(handler, batch);
    }
}
