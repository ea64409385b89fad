-- sessions-service owns schema "inspection": the execution state of inspections.
-- Constraint names are explicit: the service maps violations to problems by name (InspectionConstraints).

-- The device view: what the registry (sync-service) says about each device, rebuilt from aed.devices.v1.
CREATE TABLE devices (
    equipment_serial  text        NOT NULL CONSTRAINT devices_pkey PRIMARY KEY,
    sido              text        NOT NULL,
    gugun             text        NOT NULL,
    data_status       text        NOT NULL,
    snapshot          jsonb       NOT NULL,
    registry_updated_at timestamptz,
    received_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX devices_region_idx ON devices (sido, gugun);

-- Assignments: the inspector's share of a schedule (from inspection.schedules.v1), one per schedule.
CREATE TABLE assignments (
    id               uuid        NOT NULL CONSTRAINT assignments_pkey PRIMARY KEY,
    schedule_id      uuid        NOT NULL CONSTRAINT assignments_schedule_id_key UNIQUE,
    equipment_serial text        NOT NULL,
    assignee_id      text        NOT NULL,
    sido             text,
    gugun            text,
    scheduled_for    timestamptz,
    due_at           timestamptz,
    status           text        NOT NULL,
    session_id       uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT assignments_status_check CHECK (status IN ('pending', 'in_progress', 'completed', 'cancelled')),
    CONSTRAINT assignments_in_progress_has_session CHECK (status <> 'in_progress' OR session_id IS NOT NULL)
);

CREATE INDEX assignments_assignee_status_idx ON assignments (assignee_id, status);
CREATE INDEX assignments_device_open_idx ON assignments (equipment_serial, assignee_id)
    WHERE status IN ('pending', 'in_progress');

-- Sessions: one inspector working on one device.
CREATE TABLE sessions (
    id               uuid        NOT NULL CONSTRAINT sessions_pkey PRIMARY KEY,
    equipment_serial text        NOT NULL,
    inspector_id     text        NOT NULL,
    sido             text        NOT NULL,
    gugun            text        NOT NULL,
    status           text        NOT NULL,
    current_step     integer     NOT NULL DEFAULT 0,
    step_data        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    device_snapshot  jsonb       NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    paused_at        timestamptz,
    resumed_at       timestamptz,
    completed_at     timestamptz,
    cancelled_at     timestamptz,
    cancel_reason    text,
    assignment_id    uuid        CONSTRAINT sessions_assignment_fkey REFERENCES assignments (id),
    inspection_id    uuid,
    last_activity_at timestamptz NOT NULL DEFAULT now(),
    version          bigint      NOT NULL DEFAULT 1,
    CONSTRAINT sessions_status_check CHECK (status IN ('active', 'paused', 'completed', 'cancelled')),
    CONSTRAINT sessions_current_step_range CHECK (current_step BETWEEN 0 AND 20),
    CONSTRAINT sessions_step_data_is_object CHECK (jsonb_typeof(step_data) = 'object'),
    CONSTRAINT sessions_serial_length CHECK (length(equipment_serial) BETWEEN 1 AND 50),
    CONSTRAINT sessions_completed_has_time CHECK (status <> 'completed' OR completed_at IS NOT NULL),
    CONSTRAINT sessions_cancelled_has_time CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL)
);

-- Invariant 1: at most one open (active or paused) session per device. The index decides races, not the code.
CREATE UNIQUE INDEX sessions_one_open_per_device ON sessions (equipment_serial)
    WHERE status IN ('active', 'paused');

CREATE INDEX sessions_inspector_idx ON sessions (inspector_id, started_at DESC);
CREATE INDEX sessions_region_idx ON sessions (sido, gugun, started_at DESC);
CREATE INDEX sessions_device_idx ON sessions (equipment_serial, started_at DESC);
CREATE INDEX sessions_idle_idx ON sessions (last_activity_at) WHERE status IN ('active', 'paused');

-- Inspections: the record a completed session leaves, and its review. One per session, enforced.
CREATE TABLE inspections (
    id               uuid        NOT NULL CONSTRAINT inspections_pkey PRIMARY KEY,
    session_id       uuid        NOT NULL CONSTRAINT inspections_session_id_key UNIQUE
                                 CONSTRAINT inspections_session_fkey REFERENCES sessions (id),
    equipment_serial text        NOT NULL,
    inspector_id     text        NOT NULL,
    sido             text        NOT NULL,
    gugun            text        NOT NULL,
    inspected_at     timestamptz NOT NULL,
    result           jsonb       NOT NULL,
    overall_status   text        NOT NULL,
    approval_status  text        NOT NULL DEFAULT 'submitted',
    reviewed_by      text,
    reviewed_at      timestamptz,
    rejection_reason text,
    CONSTRAINT inspections_overall_status_check CHECK (overall_status IN ('pass', 'needs_improvement', 'fail')),
    CONSTRAINT inspections_approval_status_check CHECK (approval_status IN ('submitted', 'approved', 'rejected')),
    CONSTRAINT inspections_rejection_has_reason CHECK (approval_status <> 'rejected' OR rejection_reason IS NOT NULL)
);

CREATE INDEX inspections_device_idx ON inspections (equipment_serial, inspected_at DESC);
CREATE INDEX inspections_inspector_idx ON inspections (inspector_id, inspected_at DESC);
CREATE INDEX inspections_region_idx ON inspections (sido, gugun, inspected_at DESC);
