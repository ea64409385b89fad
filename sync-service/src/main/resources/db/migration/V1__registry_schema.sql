-- Schema registry (sync-service): the national AED registry synced from e-gen, the sync runs and their rejects.
-- Extensions pg_trgm, cube and earthdistance live in schema public; Flyway's search_path may not include it, so every
-- use below is qualified. pg_trgm is a trusted extension, so the database owner creates it here; cube and
-- earthdistance are not, so an operator creates them once per database (docs/operations.md "Database"); the local
-- stack and the tests do.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- One row per device, keyed by the e-gen equipment serial (장비연번). Never deleted: a device the feed stops listing
-- goes missing, then deletion_suspected after N consecutive missing runs, and back to active when it reappears
-- (docs/architecture.md invariant 5).
CREATE TABLE devices (
    equipment_serial     text        NOT NULL CONSTRAINT devices_pkey PRIMARY KEY,
    management_number    text,
    sido                 text        NOT NULL,
    gugun                text        NOT NULL,
    health_center        text,
    institution          text,
    address              text,
    position             text,
    latitude             double precision,
    longitude            double precision,
    manufacturer         text,
    model                text,
    manufacturing_date   date,
    battery_expiry_date  date,
    pad_expiry_date      date,
    operation_status     text,
    last_inspection_date date,
    opening_hours        jsonb,
    clerk_tel            text,
    manager              text,
    manager_tel          text,
    zipcode              text,
    data_status          text        NOT NULL DEFAULT 'active',
    -- consecutive feed runs that did not list the device; reset when it reappears
    missing_runs         integer     NOT NULL DEFAULT 0,
    -- md5 of the fields the Open API feed supplies, as last written: an unchanged device is detected without a write
    feed_hash            text,
    first_seen_at        timestamptz NOT NULL DEFAULT now(),
    -- when a feed run last wrote the device (an unchanged device is not rewritten; see DeviceStore for lastSeenAt)
    last_seen_at         timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT devices_data_status_check CHECK (data_status IN ('active', 'missing', 'deletion_suspected')),
    CONSTRAINT devices_serial_length CHECK (length(equipment_serial) BETWEEN 1 AND 50),
    CONSTRAINT devices_latitude_range CHECK (latitude IS NULL OR latitude BETWEEN 33 AND 39),
    CONSTRAINT devices_longitude_range CHECK (longitude IS NULL OR longitude BETWEEN 124 AND 132),
    CONSTRAINT devices_coordinates_paired CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CONSTRAINT devices_opening_hours_is_object CHECK (opening_hours IS NULL OR jsonb_typeof(opening_hours) = 'object')
);

-- Scope filters of the read API (inspectors and local admins: sido + gugun; regional admins: sido).
CREATE INDEX devices_sido_gugun_idx ON devices (sido, gugun, equipment_serial);
-- q: institution or address by trigram similarity / substring.
CREATE INDEX devices_institution_trgm_idx ON devices USING gin (institution public.gin_trgm_ops);
CREATE INDEX devices_address_trgm_idx ON devices USING gin (address public.gin_trgm_ops);
-- nearby: earthdistance's cube-based earth box, searched with a GiST index.
CREATE INDEX devices_earth_idx ON devices USING gist (public.ll_to_earth(latitude, longitude))
    WHERE latitude IS NOT NULL;
CREATE INDEX devices_data_status_idx ON devices (data_status) WHERE data_status <> 'active';
-- A management number (관리번호) names one device; the registration export is the only source of it.
CREATE UNIQUE INDEX devices_management_number_key ON devices (management_number) WHERE management_number IS NOT NULL;

-- One row per sync run, committed when the run starts and updated when it ends, whatever the outcome.
CREATE TABLE sync_runs (
    id                  uuid        NOT NULL CONSTRAINT sync_runs_pkey PRIMARY KEY,
    mode                text        NOT NULL,
    trigger             text        NOT NULL,
    status              text        NOT NULL,
    started_at          timestamptz NOT NULL DEFAULT now(),
    finished_at         timestamptz,
    fetched             bigint      NOT NULL DEFAULT 0,
    inserted            bigint      NOT NULL DEFAULT 0,
    updated             bigint      NOT NULL DEFAULT 0,
    unchanged           bigint      NOT NULL DEFAULT 0,
    missing             bigint      NOT NULL DEFAULT 0,
    restored            bigint      NOT NULL DEFAULT 0,
    deletion_suspected  bigint      NOT NULL DEFAULT 0,
    rejected            bigint      NOT NULL DEFAULT 0,
    error               text,
    CONSTRAINT sync_runs_mode_check CHECK (mode IN ('full', 'incremental', 'import')),
    CONSTRAINT sync_runs_trigger_check CHECK (trigger IN ('schedule', 'manual')),
    CONSTRAINT sync_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'aborted')),
    CONSTRAINT sync_runs_finished_when_done CHECK ((status = 'running') = (finished_at IS NULL))
);

-- At most one running run, whichever replica started it (the advisory lock serialises runs; this is the backstop).
CREATE UNIQUE INDEX sync_runs_one_running_idx ON sync_runs ((true)) WHERE status = 'running';
CREATE INDEX sync_runs_started_at_idx ON sync_runs (started_at DESC);

-- Records a run refused, with the validation stage, the reason and the record as received.
CREATE TABLE sync_rejects (
    run_id           uuid        NOT NULL CONSTRAINT sync_rejects_run_fkey REFERENCES sync_runs (id) ON DELETE CASCADE,
    seq              integer     NOT NULL,
    equipment_serial text,
    stage            text        NOT NULL,
    reason           text        NOT NULL,
    raw              text        NOT NULL,
    CONSTRAINT sync_rejects_pkey PRIMARY KEY (run_id, seq),
    CONSTRAINT sync_rejects_stage_check CHECK (stage IN ('format', 'business', 'database'))
);

-- A feed run does not mark a device missing when its record was seen but rejected.
CREATE INDEX sync_rejects_run_serial_idx ON sync_rejects (run_id, equipment_serial);
