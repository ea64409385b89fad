package pics.aed.platform.outbox;

import java.util.Set;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/** Tells a refusal Kafka will repeat for ever (the record itself is wrong) from one that passes (a broker away). */
final class PublishFailures {

    private static final Set<Class<? extends Throwable>> PERMANENT = Set.of(
            RecordTooLargeException.class,
            RecordBatchTooLargeException.class,
            InvalidTopicException.class,
            SerializationException.class);

    private PublishFailures() {}

    static boolean isPermanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            Throwable current = cause;
            if (PERMANENT.stream().anyMatch(type -> type.isInstance(current))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Park an event when Kafka refuses it for a reason it will always repeat, or when it failed {@code parkAfter}
     * times while the broker took other events (so the broker works and this event does not: a missing topic).
     * While Kafka takes nothing at all, nothing is parked: the broker is away, not the event wrong.
     */
    static boolean shouldPark(Throwable failure, int failedAttempts, int parkAfter, boolean brokerTookOthers) {
        return isPermanent(failure) || brokerTookOthers && failedAttempts >= parkAfter;
    }

    static String describe(Throwable failure) {
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }
}
