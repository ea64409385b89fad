-- The baseline's own copy of the sessions tables (same columns, constraints and indexes), so pgbench exercises the
-- same statements without its rows reaching the service or its events reaching Kafka.
DROP SCHEMA IF EXISTS bench_baseline CASCADE;
CREATE SCHEMA bench_baseline;
CREATE TABLE bench_baseline.devices (LIKE inspection.devices INCLUDING ALL);
CREATE TABLE bench_baseline.assignments (LIKE inspection.assignments INCLUDING ALL);
CREATE TABLE bench_baseline.sessions (LIKE inspection.sessions INCLUDING ALL);
CREATE TABLE bench_baseline.inspections (LIKE inspection.inspections INCLUDING ALL);
CREATE TABLE bench_baseline.outbox (LIKE inspection.outbox INCLUDING ALL);
CREATE FUNCTION bench_baseline.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('outbox_bench_baseline', ''); RETURN NULL; END; $$;
CREATE TRIGGER outbox_notify_after_insert AFTER INSERT ON bench_baseline.outbox
    FOR EACH STATEMENT EXECUTE FUNCTION bench_baseline.outbox_notify();
