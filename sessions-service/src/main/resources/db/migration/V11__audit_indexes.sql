-- The consistency audits of monitoring-service over a national year of sessions, each index chosen from the audit's
-- plan (docs/benchmarks.md "monitoring-service: audits and the readiness roll-up").
--
-- The sessions of an assignment, latest first, answered from the index alone (status, times and id included):
-- - schedule drift: the latest session of each open schedule's assignment, one probe per open schedule;
-- - a completed session whose assignment is not completed: one probe per assignment that is not completed, which
--   finds nothing unless invariant 3 was broken.
-- It serves every other lookup by assignment too (the foreign key's checks), so it replaces V10's
-- sessions_assignment_idx.
CREATE INDEX sessions_latest_by_assignment_idx ON sessions (assignment_id, started_at DESC)
    INCLUDE (status, completed_at, cancelled_at, id) WHERE assignment_id IS NOT NULL;
DROP INDEX sessions_assignment_idx;
-- The drift's hop from a schedule to its assignment's id, without reading the table.
CREATE INDEX assignments_by_schedule_idx ON assignments (schedule_id) INCLUDE (id);
