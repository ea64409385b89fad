-- monitoring-service audits this schema through the read-only role aedpics_monitor (docs/operations.md "Database"):
-- USAGE on the schema and SELECT on its tables, today's and those later migrations create; nothing else.
--
-- The role is created before the services migrate (the database cluster's spec, the local stack, the test servers),
-- because creating a role needs a privilege the service's own role does not have. A database without it (monitoring
-- not deployed) still migrates: the grants are skipped with a warning, and docs/operations.md says how to apply them
-- once the role exists.
--
-- The audits' queries on this schema (sync health, devices by status, unknown devices, the outbox) use the indexes
-- V1 made: sync_runs_started_at_idx, devices_pkey, devices_sido_gugun_idx.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'aedpics_monitor') THEN
        RAISE WARNING 'role aedpics_monitor does not exist; schema %s is not granted to it (docs/operations.md "Database")',
            'registry';
        RETURN;
    END IF;
    GRANT USAGE ON SCHEMA registry TO aedpics_monitor;
    GRANT SELECT ON ALL TABLES IN SCHEMA registry TO aedpics_monitor;
    -- Tables the migrating role creates later are readable too, without another grant.
    ALTER DEFAULT PRIVILEGES IN SCHEMA registry GRANT SELECT ON TABLES TO aedpics_monitor;
END
$$;
