package pics.aed.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What one event changes, written by the service that owns the data (a method of its {@code domain/} or
 * {@code store/} code). It runs in the transaction that records the event as processed, so the change and the record
 * commit together or not at all; it must not commit, and it must fail (not return) when the change could not be made.
 *
 * @param <T> the payload record of libs/events the event carries
 */
@FunctionalInterface
public interface EventEffect<T> {

    Uni<Void> apply(SqlConnection tx, T payload);
}
