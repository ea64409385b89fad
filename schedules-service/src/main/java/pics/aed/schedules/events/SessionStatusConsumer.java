package pics.aed.schedules.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.sessions.SessionTransition;
import pics.aed.platform.consumer.EventConsumers;
import pics.aed.platform.consumer.EventHandler;
import pics.aed.schedules.domain.SessionFollower;

/**
 * Lets schedules follow their sessions ({@code inspection.sessions.v1}): started, resumed, completed, cancelled, read
 * as one record so that one consumer applies them in topic order ({@link SessionFollower}).
 */
@ApplicationScoped
public class SessionStatusConsumer {

    private final EventConsumers consumers;
    private final EventHandler handler;

    public SessionStatusConsumer(EventConsumers consumers, SessionFollower follower) {
        this.consumers = consumers;
        this.handler = EventHandler.named("schedule-status")
                .on(EventTypes.SESSION_STARTED, SessionTransition.class, follower::follow)
                .on(EventTypes.SESSION_COMPLETED, SessionTransition.class, follower::follow)
                .on(EventTypes.SESSION_CANCELLED, SessionTransition.class, follower::follow)
                // a resume may be when the session took its assignment (SessionFollower.resumed)
                .on(EventTypes.SESSION_RESUMED, SessionTransition.class, follower::resumed)
                .build();
    }

    @Incoming("sessions")
    public Uni<Void> onSessions(Message<List<String>> batch) {
        return consumers.consume(handler, batch);
    }
}
