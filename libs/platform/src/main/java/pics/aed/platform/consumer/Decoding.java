package pics.aed.platform.consumer;

import pics.aed.events.CloudEvent;

/** What decoding one record gave: an event to apply, one of a type the handler does not apply, or a poison record. */
public sealed interface Decoding<T> {

    ConsumedRecord record();

    /** A CloudEvent the handler applies, with its data read into the handler's payload record. */
    record Decoded<T>(ConsumedRecord record, CloudEvent event, T payload) implements Decoding<T> {

        public String id() {
            return event.id();
        }
    }

    /** A valid event of a type this handler does not apply: acknowledged, nothing recorded. */
    record NotHandled<T>(ConsumedRecord record, String type) implements Decoding<T> {}

    /** Not a CloudEvent, or data that is not the payload record: it can never be applied and goes to dead letters. */
    record Undecodable<T>(ConsumedRecord record, IllegalArgumentException error) implements Decoding<T> {}
}
