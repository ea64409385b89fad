-- The baseline of the monthly-plan benchmark: the same rows the plan created, written by one plain INSERT … SELECT
-- into a table with the same columns, the same exclusion constraint and the same indexes, in the same database.
-- psql variable: plan (the plan id).
\set ON_ERROR_STOP on
DROP SCHEMA IF EXISTS bench_baseline CASCADE;
CREATE SCHEMA bench_baseline;
CREATE TABLE bench_baseline.schedules (LIKE scheduling.schedules INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE bench_baseline.schedules ADD CONSTRAINT baseline_no_overlap
    EXCLUDE USING gist (equipment_serial WITH =, slot WITH &&) WHERE (status <> 'cancelled');
ALTER TABLE bench_baseline.schedules ADD PRIMARY KEY (id);
CREATE INDEX ON bench_baseline.schedules (equipment_serial, scheduled_for);
CREATE INDEX ON bench_baseline.schedules (assignee_id, scheduled_for);
CREATE INDEX ON bench_baseline.schedules (sido, gugun, scheduled_for);
CREATE INDEX ON bench_baseline.schedules (scheduled_for);
CREATE INDEX ON bench_baseline.schedules (plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX ON bench_baseline.schedules (due_at) WHERE status = 'scheduled';
\timing on
INSERT INTO bench_baseline.schedules SELECT * FROM scheduling.schedules WHERE plan_id = :'plan';
\timing off
DROP SCHEMA bench_baseline CASCADE;
