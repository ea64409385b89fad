package pics.aed.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;
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

        /** Applies a run of {@link ConsumedBatch#runs consecutive events of one batched route}, or one event. */
        static Uni<Void> applyRun(SqlConnection tx, List<Decoded> run) {
            return run.size() == 1
                    ? run.get(0).applyIn(tx)
                    : run.get(0)
                            .route()
                            .applyAll(tx, run.stream().map(Decoded::payload).toList());
        }
    }

    /** A valid event of a type this handler does not apply: acknowledged, nothing recorded. */
    record NotHandled(ConsumedRecord record, String type) implements Decoding {}

    /** Not a CloudEvent, or data that is not the payload record: it can never be applied and goes to dead letters. */
    record Undecodable(ConsumedRecord record, IllegalArgumentException error) implements Decoding {}
}
