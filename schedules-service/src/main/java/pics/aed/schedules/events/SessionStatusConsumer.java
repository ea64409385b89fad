package pics.aed.schedules.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.sessions.SessionChanged;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.platform.consumer.EventConsumers;
import pics.aed.platform.consumer.EventHandler;
import pics.aed.schedules.domain.SessionFollower;

/** Lets schedules follow their sessions ({@code inspection.sessions.v1}): started, completed, cancelled. */
@ApplicationScoped
public class SessionStatusConsumer {

    static final String CONSUMER = "schedule-status";

    private final EventConsumers consumers;
    private final EventHandler handler;

    public SessionStatusConsumer(EventConsumers consumers, SessionFollower follower) {
        this.consumers = consumers;
        this.handler = EventHandler.named(CONSUMER)
                .on(EventTypes.SESSION_STARTED, SessionChanged.class, follower::started)
                .on(EventTypes.SESSION_COMPLETED, SessionCompleted.class, follower::completed)
                .on(EventTypes.SESSION_CANCELLED, SessionChanged.class, follower::cancelled)
                .build();
    }

    @Incoming("sessions")
    public Uni<Void> onSessions(Message<List<String>> batch) {
        return consumers.consume(handler, batch);
    }
}
