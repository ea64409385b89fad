-- The tables of the shared mechanisms (libs/platform). Flyway runs this in each service's own schema (the service's
-- default schema), before the service's own migrations (V1 and up), so every service has its own copy.

-- Transactional outbox: written in the same transaction as the change it announces, published by the relay.
CREATE TABLE outbox (
    seq         bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT outbox_pkey PRIMARY KEY,
    event_id    text        NOT NULL CONSTRAINT outbox_event_id_key UNIQUE,
    topic       text        NOT NULL,
    event_key   text        NOT NULL,
    event_type  text        NOT NULL,
    source      text        NOT NULL,
    subject     text,
    data        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text
);

-- Wake the relay when a transaction that wrote events commits (NOTIFY is delivered at commit, once per statement).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify_after_insert AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Idempotency-Key store (draft-ietf-httpapi-idempotency-key-header), scoped to the caller.
CREATE TABLE idempotency_keys (
    caller_id           text        NOT NULL,
    idempotency_key     text        NOT NULL,
    request_fingerprint text        NOT NULL,
    state               text        NOT NULL,
    locked_until        timestamptz,
    response_status     integer,
    response_headers    jsonb,
    response_body       text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (caller_id, idempotency_key),
    CONSTRAINT idempotency_keys_state_check CHECK (state IN ('in_flight', 'completed')),
    CONSTRAINT idempotency_keys_completed_has_response CHECK (state <> 'completed' OR response_status IS NOT NULL),
    CONSTRAINT idempotency_keys_key_length CHECK (length(idempotency_key) BETWEEN 1 AND 255)
);

CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);

-- Idempotent consumers: an event's effect and its id commit together; a redelivery finds the id and does nothing.
CREATE TABLE processed_events (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT processed_events_pkey PRIMARY KEY (consumer, event_id)
);

CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at);
