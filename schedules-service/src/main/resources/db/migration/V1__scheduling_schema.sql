-- schedules-service owns schema "scheduling": the plan of inspections (who inspects which device when).
-- Constraint names are explicit: the service maps violations to problems by name (SchedulingConstraints).

-- btree_gist lets one exclusion constraint combine equality on the serial with overlap on the slot. It is a trusted
-- extension (a database owner may create it); where it already exists this does nothing.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The device view: what the registry (sync-service) says about each device, rebuilt from aed.devices.v1.
CREATE TABLE devices (
    equipment_serial    text        NOT NULL CONSTRAINT devices_pkey PRIMARY KEY,
    sido                text        NOT NULL,
    gugun               text        NOT NULL,
    data_status         text        NOT NULL,
    registry_version    bigint,
    registry_updated_at timestamptz,
    received_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX devices_region_idx ON devices (sido, gugun) INCLUDE (data_status);

-- Monthly plans: one row per call that created schedules; its schedules carry its id.
CREATE TABLE plans (
    id              uuid        NOT NULL CONSTRAINT plans_pkey PRIMARY KEY,
    month           date        NOT NULL,
    sido            text,
    gugun           text,
    assignee_id     text        NOT NULL,
    per_day         integer     NOT NULL,
    created         integer     NOT NULL DEFAULT 0,
    already_planned integer     NOT NULL DEFAULT 0,
    not_active      integer     NOT NULL DEFAULT 0,
    over_capacity   integer     NOT NULL DEFAULT 0,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT plans_month_is_first_day CHECK (extract(day FROM month) = 1),
    CONSTRAINT plans_gugun_needs_sido CHECK (gugun IS NULL OR sido IS NOT NULL),
    CONSTRAINT plans_per_day_range CHECK (per_day BETWEEN 1 AND 200)
);

CREATE INDEX plans_area_idx ON plans (month, sido, gugun, created_at DESC);

-- Schedules: one planned inspection of one device.
CREATE TABLE schedules (
    id               uuid        NOT NULL CONSTRAINT schedules_pkey PRIMARY KEY,
    equipment_serial text        NOT NULL,
    sido             text        NOT NULL,
    gugun            text        NOT NULL,
    assignee_id      text        NOT NULL,
    scheduled_for    timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    -- [scheduled_for - 15 min, scheduled_for + 15 min), stored because timestamptz ± interval is not immutable
    slot             tstzrange   NOT NULL,
    priority         text        NOT NULL DEFAULT 'normal',
    notes            text,
    status           text        NOT NULL DEFAULT 'scheduled',
    plan_id          uuid        CONSTRAINT schedules_plan_fkey REFERENCES plans (id),
    session_id       uuid,
    cancel_reason    text,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          bigint      NOT NULL DEFAULT 1,
    CONSTRAINT schedules_status_check
        CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled', 'missed')),
    CONSTRAINT schedules_priority_check CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    CONSTRAINT schedules_slot_is_window
        CHECK (slot = tstzrange(scheduled_for - interval '15 minutes', scheduled_for + interval '15 minutes', '[)')),
    CONSTRAINT schedules_due_not_before_scheduled CHECK (due_at >= scheduled_for),
    CONSTRAINT schedules_assignee_length CHECK (length(assignee_id) BETWEEN 1 AND 128),
    CONSTRAINT schedules_notes_length CHECK (notes IS NULL OR length(notes) <= 2000),
    CONSTRAINT schedules_cancel_reason_length CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
    CONSTRAINT schedules_in_progress_has_session CHECK (status <> 'in_progress' OR session_id IS NOT NULL),
    CONSTRAINT schedules_cancelled_has_reason CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL),
    -- Invariant 2: two non-cancelled schedules of one device overlap exactly when they are less than 30 minutes
    -- apart. The constraint decides races (and ON CONFLICT uses it as the arbiter for monthly plans), not the code.
    CONSTRAINT schedules_no_overlap
        EXCLUDE USING gist (equipment_serial WITH =, slot WITH &&) WHERE (status <> 'cancelled')
);

CREATE INDEX schedules_device_idx ON schedules (equipment_serial, scheduled_for);
CREATE INDEX schedules_assignee_idx ON schedules (assignee_id, scheduled_for);
CREATE INDEX schedules_region_idx ON schedules (sido, gugun, scheduled_for);
CREATE INDEX schedules_scheduled_for_idx ON schedules (scheduled_for);
CREATE INDEX schedules_plan_idx ON schedules (plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX schedules_session_idx ON schedules (session_id) WHERE session_id IS NOT NULL;
-- The missed job's and the retirement's scans: only what is still scheduled.
CREATE INDEX schedules_due_idx ON schedules (due_at) WHERE status = 'scheduled';

-- The session view: enough of inspection.sessions.v1 for compliance ("completed" counts devices with a completed
-- session in the month, planned or not).
CREATE TABLE sessions (
    id               uuid        NOT NULL CONSTRAINT sessions_pkey PRIMARY KEY,
    equipment_serial text        NOT NULL,
    inspector_id     text        NOT NULL,
    status           text        NOT NULL,
    schedule_id      uuid,
    completed_at     timestamptz,
    received_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_completed_idx ON sessions (completed_at, equipment_serial) WHERE status = 'completed';
