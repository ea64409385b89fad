package pics.aed.sessions.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.events.EventTypes;
import pics.aed.events.schedules.ScheduleChanged;
import pics.aed.platform.consumer.EventConsumers;
import pics.aed.platform.consumer.EventHandler;
import pics.aed.sessions.domain.Assignments;

/** Turns schedule events ({@code inspection.schedules.v1}) into the assignee's assignments ({@link Assignments}). */
@ApplicationScoped
public class AssignmentConsumer {

    private final EventConsumers consumers;
    private final EventHandler handler;

    public AssignmentConsumer(EventConsumers consumers, Assignments assignments) {
        this.consumers = consumers;
        this.handler = EventHandler.of(
                "assignments",
                ScheduleChanged.class,
                assignments::applySchedule,
                EventTypes.SCHEDULE_CREATED,
                EventTypes.SCHEDULE_RESCHEDULED,
                EventTypes.SCHEDULE_CANCELLED,
                EventTypes.SCHEDULE_COMPLETED,
                EventTypes.SCHEDULE_MISSED);
    }

    @Incoming("schedules")
    public Uni<Void> onSchedules(Message<List<String>> batch) {
        return consumers.consume(handler, batch);
    }
}
