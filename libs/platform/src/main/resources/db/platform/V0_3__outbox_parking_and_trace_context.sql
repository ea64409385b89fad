-- An event Kafka always refuses (record too large, topic missing) is parked instead of being retried forever in
-- front of the events after it: the relay skips parked rows. An operator republishes one by setting parked_at back
-- to NULL (docs/operations.md "An event is parked").
ALTER TABLE outbox ADD COLUMN parked_at timestamptz;

-- The W3C trace context of the request that wrote the event, sent as the record's traceparent header so that the
-- consumer's work continues the request's trace. NULL when the writer was not traced.
ALTER TABLE outbox ADD COLUMN traceparent text;

-- The relay claims unparked rows in seq order: this index serves exactly that, and stays small.
CREATE INDEX outbox_unparked_seq_idx ON outbox (seq) WHERE parked_at IS NULL;
