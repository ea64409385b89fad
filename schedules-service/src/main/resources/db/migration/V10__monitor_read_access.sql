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
