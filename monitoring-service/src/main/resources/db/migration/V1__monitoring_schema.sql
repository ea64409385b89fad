-- monitoring-service owns schema "monitoring": the device readiness view, alerts and their webhook deliveries.
-- It reads the other services' schemas only through the read-only role aedpics_monitor (their V10 migrations grant
-- it); nothing here refers to them. Constraint names are explicit: code and tests rely on them.

-- The readiness view: one row per device, from two topics. aed.devices.v1 fills the registry_* columns (the device as
-- the registry knows it); inspection.sessions.v1 fills the inspection columns (the last completed session and the
-- expiry dates its inspector corrected). Either may arrive first, so every column but the key may be empty.
CREATE TABLE devices (
    equipment_serial           text        NOT NULL CONSTRAINT devices_pkey PRIMARY KEY,
    sido                       text,
    gugun                      text,
    data_status                text,
    registry_battery_expiry    date,
    -- when the registry's value last changed (the snapshot's time): a later correction overrides it, a later
    -- change in the registry overrides the correction
    registry_battery_changed_at timestamptz,
    registry_pad_expiry        date,
    registry_pad_changed_at    timestamptz,
    registry_last_inspection   date,
    registry_updated_at        timestamptz,
    corrected_battery_expiry   date,
    corrected_battery_at       timestamptz,
    corrected_pad_expiry       date,
    corrected_pad_at           timestamptz,
    -- the day (Asia/Seoul) of the last completed session the service saw
    last_session_completed_on  date,
    -- the dates that count: an inspector's correction counts from the moment its session completed
    battery_expiry_date        date GENERATED ALWAYS AS (
        CASE WHEN corrected_battery_at IS NOT NULL
                  AND (registry_battery_changed_at IS NULL OR corrected_battery_at >= registry_battery_changed_at)
             THEN corrected_battery_expiry ELSE registry_battery_expiry END) STORED,
    pad_expiry_date            date GENERATED ALWAYS AS (
        CASE WHEN corrected_pad_at IS NOT NULL
                  AND (registry_pad_changed_at IS NULL OR corrected_pad_at >= registry_pad_changed_at)
             THEN corrected_pad_expiry ELSE registry_pad_expiry END) STORED,
    last_inspection_date       date GENERATED ALWAYS AS (
        greatest(registry_last_inspection, last_session_completed_on)) STORED,
    CONSTRAINT devices_data_status_check
        CHECK (data_status IS NULL OR data_status IN ('active', 'missing', 'deletion_suspected'))
);

-- The roll-up reads active devices by region.
CREATE INDEX devices_region_idx ON devices (sido, gugun) WHERE data_status = 'active';

-- Alerts: one row per firing episode of a condition. At most one firing alert per fingerprint, whoever evaluates.
CREATE TABLE alerts (
    id                uuid        NOT NULL CONSTRAINT alerts_pkey PRIMARY KEY,
    rule              text        NOT NULL,
    fingerprint       text        NOT NULL,
    severity          text        NOT NULL,
    status            text        NOT NULL,
    summary           text        NOT NULL,
    labels            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz,
    last_evaluated_at timestamptz NOT NULL,
    CONSTRAINT alerts_severity_check CHECK (severity IN ('critical', 'warning')),
    CONSTRAINT alerts_status_check CHECK (status IN ('firing', 'resolved')),
    CONSTRAINT alerts_resolved_has_end CHECK ((status = 'resolved') = (ends_at IS NOT NULL)),
    CONSTRAINT alerts_labels_is_object CHECK (jsonb_typeof(labels) = 'object')
);

CREATE UNIQUE INDEX alerts_one_firing_per_fingerprint ON alerts (fingerprint) WHERE status = 'firing';
CREATE INDEX alerts_starts_at_idx ON alerts (starts_at DESC, id);

-- The webhook's own outbox: each alert transition's message, written in the transition's transaction and posted
-- (with backoff) by a job that never holds up evaluation. One message per alert and transition.
CREATE TABLE webhook_deliveries (
    id              bigint      GENERATED ALWAYS AS IDENTITY CONSTRAINT webhook_deliveries_pkey PRIMARY KEY,
    alert_id        uuid        NOT NULL CONSTRAINT webhook_deliveries_alert_fkey REFERENCES alerts (id),
    transition      text        NOT NULL,
    payload         json        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    last_error      text,
    CONSTRAINT webhook_deliveries_transition_check CHECK (transition IN ('firing', 'resolved')),
    CONSTRAINT webhook_deliveries_once_per_transition UNIQUE (alert_id, transition)
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, id) WHERE delivered_at IS NULL;
CREATE INDEX webhook_deliveries_delivered_idx ON webhook_deliveries (delivered_at) WHERE delivered_at IS NOT NULL;
