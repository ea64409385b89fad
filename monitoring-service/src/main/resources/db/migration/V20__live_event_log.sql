-- The live event log (pics.aed.monitoring.live): every domain event monitoring-service consumed, in the order the
-- live stream (GET /api/monitoring/events) serves it. Positions are the SSE ids: a client resumes after the last
-- one it saw, so a position must never become visible after a higher one (a reader would skip it for good).

CREATE SEQUENCE event_log_position_seq AS bigint;

CREATE TABLE event_log (
    position    bigint      NOT NULL CONSTRAINT event_log_pkey PRIMARY KEY,
    event_id    text        NOT NULL CONSTRAINT event_log_event_id_key UNIQUE,
    type        text        NOT NULL,
    source      text        NOT NULL,
    subject     text,
    event_time  timestamptz NOT NULL,
    -- Who may see it: 'region' (a device's event: sido, and gugun when known), 'national' (sync runs, alerts
    -- without a region: admins and national roles), 'restricted' (a device whose region is not known yet:
    -- national roles only, so that a missing region never widens what a caller sees).
    reach       text        NOT NULL,
    sido        text,
    gugun       text,
    data        json        NOT NULL,
    logged_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT event_log_reach_check CHECK (reach IN ('region', 'national', 'restricted')),
    CONSTRAINT event_log_region_has_sido CHECK (reach <> 'region' OR sido IS NOT NULL)
);
ALTER SEQUENCE event_log_position_seq OWNED BY event_log.position;

CREATE INDEX event_log_logged_at_idx ON event_log (logged_at);

-- Positions are drawn under a transaction-scoped advisory lock that is held until commit, so concurrent appending
-- transactions take their positions in the order they commit: when a reader sees position P, every lower position
-- has committed or rolled back (a gap). Enforced here, for every writer, rather than trusted to the application.
CREATE FUNCTION event_log_assign_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('aedpics.' || TG_TABLE_SCHEMA || '.event_log'));
    NEW.position := nextval(format('%I.event_log_position_seq', TG_TABLE_SCHEMA));
    RETURN NEW;
END;
$$;

CREATE TRIGGER event_log_assign_position_before_insert BEFORE INSERT ON event_log
    FOR EACH ROW EXECUTE FUNCTION event_log_assign_position();

-- Wake every replica's stream hub when an append commits (NOTIFY is delivered at commit).
CREATE FUNCTION event_log_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('event_log_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER event_log_notify_after_insert AFTER INSERT ON event_log
    FOR EACH STATEMENT EXECUTE FUNCTION event_log_notify();

-- What has been pruned: every position up to pruned_through is gone; a client resuming from below it gets a reset.
CREATE TABLE event_log_horizon (
    singleton      boolean     NOT NULL DEFAULT true CONSTRAINT event_log_horizon_pkey PRIMARY KEY,
    pruned_through bigint      NOT NULL DEFAULT 0,
    pruned_at      timestamptz,
    CONSTRAINT event_log_horizon_singleton CHECK (singleton)
);
INSERT INTO event_log_horizon (singleton) VALUES (true);

-- Where each device stands (from aed.devices.v1), for the region of events that do not carry one (sessions).
CREATE TABLE live_device_regions (
    equipment_serial text        NOT NULL CONSTRAINT live_device_regions_pkey PRIMARY KEY,
    sido             text        NOT NULL,
    gugun            text,
    updated_at       timestamptz
);
