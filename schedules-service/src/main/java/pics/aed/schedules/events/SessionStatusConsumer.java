package pics.aed.schedules.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.sessions.SessionChanged;
import pics.aed.events.sessions.SessionCompleted;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;
import pics.aed.schedules.domain.SessionFollower;

/** Lets schedules follow their sessions ({@code inspection.sessions.v1}): started, completed, cancelled. */
@ApplicationScoped
public class SessionStatusConsumer {

    static final String CONSUMER = "schedule-status";

    private final IdempotentConsumer consumer;
    private final SessionFollower follower;
    private final ObjectMapper json;

    public SessionStatusConsumer(IdempotentConsumer consumer, SessionFollower follower, ObjectMapper json) {
        this.consumer = consumer;
        this.follower = follower;
        this.json = json;
    }

    @Incoming("sessions")
    public Uni<Void> onSession(Message<String> message) {
        return IdempotentConsumer.settle(
                message,
                Uni.createFrom().item(() -> IncomingEvent.from(message)).flatMap(this::apply));
    }

    private Uni<Boolean> apply(IncomingEvent event) {
        return switch (event.type()) {
            case EventTypes.SESSION_STARTED -> {
                SessionChanged started = EventPayloads.read(json, event, SessionChanged.class);
                yield consumer.processOnce(CONSUMER, event, tx -> follower.started(tx, started));
            }
            case EventTypes.SESSION_COMPLETED -> {
                SessionCompleted completed = EventPayloads.read(json, event, SessionCompleted.class);
                yield consumer.processOnce(CONSUMER, event, tx -> follower.completed(tx, completed));
            }
            case EventTypes.SESSION_CANCELLED -> {
                SessionChanged cancelled = EventPayloads.read(json, event, SessionChanged.class);
                yield consumer.processOnce(CONSUMER, event, tx -> follower.cancelled(tx, cancelled));
            }
            default -> Uni.createFrom().item(false);
        };
    }
}
