-- One run at a time, really (decision 0008). The cluster lock can be lost without the run noticing (a connection
-- reset, idle_session_timeout, a transaction-mode pooler); a second replica may then start a run while the first is
-- still reading. Two things keep them apart:
--  * staging is keyed by the run: a run reads, classifies and deletes only its own rows, so a second run can never
--    empty a live run's pages (they were TRUNCATEd by every run before);
--  * the run row is the lease: the apply transaction locks it and goes on only while it is still 'running' (a run
--    that finds its row marked failed by the replica that took over commits nothing).
-- Both tables are scratch (UNLOGGED, emptied after a crash): dropping what is in them loses nothing.
TRUNCATE run_staging, run_snapshots;
ALTER TABLE run_staging ADD COLUMN run_id uuid NOT NULL;
ALTER TABLE run_snapshots ADD COLUMN run_id uuid NOT NULL;

DROP INDEX run_staging_page_idx;
DROP INDEX run_staging_management_number_idx;
DROP INDEX run_snapshots_page_idx;
-- The apply reads a run's rows by action.
CREATE INDEX run_staging_run_action_idx ON run_staging (run_id, action);
-- Registration exports: a management number an earlier record of the run already took.
CREATE INDEX run_staging_run_management_number_idx ON run_staging (run_id, management_number)
    WHERE management_number IS NOT NULL;
CREATE INDEX run_snapshots_run_idx ON run_snapshots (run_id);

-- The guards a master overrode for this one run (POST /api/sync/runs "overrideGuards"), as the API names them.
ALTER TABLE sync_runs ADD COLUMN overridden_guards text[] NOT NULL DEFAULT '{}';
