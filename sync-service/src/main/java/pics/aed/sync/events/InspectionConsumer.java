package pics.aed.sync.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.platform.consumer.EventConsumers;
import pics.aed.platform.consumer.EventHandler;
import pics.aed.sync.domain.InspectionResults;

/**
 * Completed inspections ({@code pics.aed.session.completed} on {@code inspection.sessions.v1}) update the registry
 * ({@link InspectionResults}); other session events are not the registry's business. Exactly once per event id.
 */
@ApplicationScoped
public class InspectionConsumer {

    static final String CONSUMER = "registry-inspections";

    private final EventConsumers consumers;
    private final EventHandler handler;

    public InspectionConsumer(EventConsumers consumers, InspectionResults results) {
        this.consumers = consumers;
        this.handler = EventHandler.of(CONSUMER, SessionCompleted.class, results::apply, EventTypes.SESSION_COMPLETED);
    }

    @Incoming("inspections")
    public Uni<Void> onSessionEvents(Message<List<String>> batch) {
        return consumers.consume(handler, batch);
    }
}
