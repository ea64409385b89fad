package pics.aed.sessions.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.schedules.ScheduleChanged;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;
import pics.aed.sessions.domain.Assignments;

/** Turns schedule events ({@code inspection.schedules.v1}) into the assignee's assignments ({@link Assignments}). */
@ApplicationScoped
public class AssignmentConsumer {

    private final IdempotentConsumer consumer;
    private final Assignments assignments;
    private final ObjectMapper json;

    public AssignmentConsumer(IdempotentConsumer consumer, Assignments assignments, ObjectMapper json) {
        this.consumer = consumer;
        this.assignments = assignments;
        this.json = json;
    }

    @Incoming("schedules")
    public Uni<Void> onSchedule(Message<String> message) {
        return IdempotentConsumer.settle(
                message,
                Uni.createFrom()
                        .item(() -> IncomingEvent.from(message))
                        .flatMap(event -> consumer.processOnce(
                                "assignments", event, tx -> assignments.applySchedule(tx, decode(event)))));
    }

    private ScheduleChanged decode(IncomingEvent event) {
        try {
            return json.readValue(event.data(), ScheduleChanged.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("schedule event " + event.id() + " is not a ScheduleChanged", e);
        }
    }
}
