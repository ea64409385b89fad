package pics.aed.monitoring.live.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.monitoring.live.domain.EventLogging;
import pics.aed.platform.consumer.EventConsumers;
import pics.aed.platform.consumer.EventHandler;

/**
 * Appends every domain event to the live event log, once ({@link EventLogging}). Two channels: the registry changelog
 * ({@code live-devices}) and everything else ({@code live-events}), so that a registry-wide sync never queues session
 * events behind tens of thousands of device snapshots. Both record their events under one consumer name.
 */
@ApplicationScoped
public class EventLogConsumer {

    static final String CONSUMER = "live-event-log";

    private final EventConsumers consumers;
    private final EventHandler everyEvent;

    public EventLogConsumer(EventConsumers consumers, EventLogging logging) {
        this.consumers = consumers;
        this.everyEvent = EventHandler.named(CONSUMER)
                .onEveryOtherTypeInBatches(logging::logAll)
                .build();
    }

    @Incoming("live-devices")
    public Uni<Void> onDevices(Message<List<String>> batch) {
        return consumers.consume(everyEvent, batch);
    }

    @Incoming("live-events")
    public Uni<Void> onEvents(Message<List<String>> batch) {
        return consumers.consume(everyEvent, batch);
    }
}
