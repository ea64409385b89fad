package pics.aed.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import pics.aed.events.CloudEvent;

/** What decoding one record gave: an event to apply, one of a type the handler does not apply, or a poison record. */
public sealed interface Decoding {

    ConsumedRecord record();

    /** A CloudEvent the handler applies, with its data read into the route's payload record. */
    record Decoded(ConsumedRecord record, CloudEvent event, EventHandler.Route<?> route, Object payload)
            implements Decoding {

        public String id() {
            return event.id();
        }

        Uni<Void> applyIn(SqlConnection tx) {
            return route.apply(tx, event, payload);
        }
    }

    /** A valid event of a type this handler does not apply: acknowledged, nothing recorded. */
    record NotHandled(ConsumedRecord record, String type) implements Decoding {}

    /** Not a CloudEvent, or data that is not the payload record: it can never be applied and goes to dead letters. */
    record Undecodable(ConsumedRecord record, IllegalArgumentException error) implements Decoding {}
}
