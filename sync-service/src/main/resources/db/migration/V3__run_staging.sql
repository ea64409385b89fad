-- The running sync run's records, classified against the registry, between the source and the apply transaction
-- (decision 0006). One connection fills it page by page (COPY, then classification against the committed registry);
-- the run's apply transaction, on another connection, reads each page as soon as it is committed here and writes it
-- into the registry, uncommitted until the whole run has passed its guards. It replaces a temporary table, which only
-- the connection that created it can see.
--
-- UNLOGGED: a scratch copy of the source, rebuilt by every run (emptied when a run starts and when it ends), so it
-- is not worth WAL; after a crash PostgreSQL empties it, which is what a new run does anyway. One run at a time
-- (the advisory lock and sync_runs_one_running_idx), so it needs no run id.
CREATE UNLOGGED TABLE run_staging (
    page                 integer NOT NULL,
    seq                  integer NOT NULL,
    equipment_serial     text    NOT NULL,
    management_number    text,
    sido                 text,
    gugun                text,
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
    -- the content hash of the feed fields (feed runs only; FeedHash), as devices.feed_hash stores it
    feed_hash            text,
    -- insert, update, restore, rehash or unchanged, decided against the registry as committed before the run
    action               text    NOT NULL,
    -- the feed fields this record leaves empty while the registry has them (the field_blanked guard), or null
    blanked              text[],
    CONSTRAINT run_staging_action_check CHECK (action IN ('insert', 'update', 'restore', 'rehash', 'unchanged'))
);

-- The apply transaction reads one page at a time.
CREATE INDEX run_staging_page_idx ON run_staging (page, action);
-- Registration exports: a management number an earlier record of the run already took.
CREATE INDEX run_staging_management_number_idx ON run_staging (management_number)
    WHERE management_number IS NOT NULL;

-- The snapshot event of each device a run inserts, built from the record by the run (as the DeviceSnapshot record's
-- JSON) while it stages the page: the apply transaction copies it into the outbox instead of building 81,000 JSON
-- objects itself on a first sync. Updated devices' snapshots are built from the registry row in the transaction.
CREATE UNLOGGED TABLE run_snapshots (
    page             integer NOT NULL,
    equipment_serial text    NOT NULL,
    data             json    NOT NULL
);

CREATE INDEX run_snapshots_page_idx ON run_snapshots (page);
