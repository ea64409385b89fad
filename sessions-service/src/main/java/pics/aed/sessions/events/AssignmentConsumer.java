package pics.aed.sessions.events;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pics.aed.platform.consumer.IdempotentConsumer;
import pics.aed.platform.consumer.IncomingEvent;
import pics.aed.platform.security.Region;
import pics.aed.sessions.domain.AssignmentStatus;
import pics.aed.sessions.store.AssignmentStore;

/** Turns schedule events ({@code inspection.schedules.v1}) into the assignee's assignments. */
@ApplicationScoped
public class AssignmentConsumer {

    private final IdempotentConsumer consumer;
    private final AssignmentStore assignments;

    public AssignmentConsumer(IdempotentConsumer consumer, AssignmentStore assignments) {
        this.consumer = consumer;
        this.assignments = assignments;
    }

    @Incoming("schedules")
    public Uni<Void> onSchedule(Message<String> message) {
        return IdempotentConsumer.settle(
                message,
                Uni.createFrom()
                        .item(() -> IncomingEvent.from(message))
                        .flatMap(event -> consumer.processOnce("assignments", event, tx -> {
                            JsonObject schedule = new JsonObject(event.data());
                            return assignments.applySchedule(
                                    tx,
                                    UUID.fromString(schedule.getString("scheduleId")),
                                    schedule.getString("equipmentSerial"),
                                    schedule.getString("assigneeId"),
                                    new Region(schedule.getString("sido"), schedule.getString("gugun")),
                                    time(schedule, "scheduledFor"),
                                    time(schedule, "dueAt"),
                                    assignmentStatusFor(schedule.getString("status")));
                        })));
    }

    /** A cancelled or missed schedule cancels the assignment (unless a session already works on it). */
    static AssignmentStatus assignmentStatusFor(String scheduleStatus) {
        return switch (scheduleStatus) {
            case "cancelled", "missed" -> AssignmentStatus.cancelled;
            default -> AssignmentStatus.pending;
        };
    }

    private static OffsetDateTime time(JsonObject json, String field) {
        String value = json.getString(field);
        return value == null ? null : OffsetDateTime.parse(value);
    }
}
