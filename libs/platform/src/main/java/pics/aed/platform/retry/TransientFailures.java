package pics.aed.platform.retry;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that will pass by itself (the database restarting, a deadlock, a lock or statement timeout, a full
 * pool) from one that will not (a constraint, bad data, a bug). The first is retried; the second gets no better by
 * waiting.
 */
public final class TransientFailures {

    /** SQLSTATE classes: connection exception, transaction rollback, insufficient resources, operator intervention, system error. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** lock_not_available (lock_timeout), idle_in_transaction_session_timeout, cannot_connect_now. */
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "25P03", "57P03");

    private TransientFailures() {}

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (isTransientItself(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The SQLSTATE of a database failure, or null when the failure did not come from the database. */
    public static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof DatabaseException database) {
                return database.getSqlState();
            }
        }
        return null;
    }

    private static boolean isTransientItself(Throwable failure) {
        if (failure instanceof DatabaseException database) {
            String state = database.getSqlState();
            return state != null
                    && (TRANSIENT_STATES.contains(state)
                            || state.length() == 5 && TRANSIENT_CLASSES.contains(state.substring(0, 2)));
        }
        return failure instanceof ClosedConnectionException
                // a JSON (Jackson) failure is an IOException too, but bad data: it gets no better by waiting
                || failure instanceof IOException && !(failure instanceof JsonProcessingException)
                || failure instanceof TimeoutException
                || failure instanceof io.smallrye.mutiny.TimeoutException
                || failure instanceof io.vertx.core.impl.NoStackTraceTimeoutException
                || isPoolOrConnectionTrouble(failure);
    }

    /**
     * The Vert.x SQL client reports a closed or unavailable connection with nothing but a message: a VertxException,
     * or a NoStackTraceThrowable (a plain Throwable) for a command sent on a connection PostgreSQL has just closed.
     */
    private static boolean isPoolOrConnectionTrouble(Throwable failure) {
        boolean fromTheClient = failure instanceof io.vertx.core.VertxException
                || failure instanceof io.vertx.core.impl.NoStackTraceThrowable;
        if (!fromTheClient || failure.getMessage() == null) {
            return false;
        }
        String message = failure.getMessage().toLowerCase(java.util.Locale.ROOT);
        // "Connection is not active now, current status: CLOSED" (a pooled connection PostgreSQL closed, e.g. at a
        // restart), "Pending requests failed to be sent due to connection has been closed.", "Timeout" (the pool)
        return message.contains("connection")
                        && (message.contains("closed") || message.contains("refused") || message.contains("reset"))
                || message.contains("timeout");
    }
}
