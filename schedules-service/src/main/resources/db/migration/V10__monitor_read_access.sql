-- monitoring-service audits this schema through the read-only role aedpics_monitor (docs/operations.md "Database"):
-- USAGE on the schema and SELECT on its tables, today's and those later migrations create; nothing else.
--
-- The role is created before the services migrate (the database cluster's spec, the local stack, the test servers),
-- because creating a role needs a privilege the service's own role does not have. A database without it (monitoring
-- not deployed) still migrates: the grants are skipped with a warning, and docs/operations.md says how to apply them
-- once the role exists.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'aedpics_monitor') THEN
        RAISE WARNING 'role aedpics_monitor does not exist; schema %s is not granted to it (docs/operations.md "Database")',
            'scheduling';
        RETURN;
    END IF;
    GRANT USAGE ON SCHEMA scheduling TO aedpics_monitor;
    GRANT SELECT ON ALL TABLES IN SCHEMA scheduling TO aedpics_monitor;
    -- Tables the migrating role creates later are readable too, without another grant.
    ALTER DEFAULT PRIVILEGES IN SCHEMA scheduling GRANT SELECT ON TABLES TO aedpics_monitor;
END
$$;

-- The indexes the audits need (docs/benchmarks.md "monitoring audits"), over a year of schedules:
-- non-cancelled schedules of each device in time order, read in one pass for schedules less than 30 minutes apart;
CREATE INDEX schedules_live_by_device_idx ON schedules (equipment_serial, scheduled_for, id) INCLUDE (assignee_id)
    WHERE status <> 'cancelled';
-- the few schedules still open, whose status may lag behind their session.
CREATE INDEX schedules_open_idx ON schedules (id) WHERE status IN ('scheduled', 'in_progress');
