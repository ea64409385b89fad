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
            'inspection';
        RETURN;
    END IF;
    GRANT USAGE ON SCHEMA inspection TO aedpics_monitor;
    GRANT SELECT ON ALL TABLES IN SCHEMA inspection TO aedpics_monitor;
    -- Tables the migrating role creates later are readable too, without another grant.
    ALTER DEFAULT PRIVILEGES IN SCHEMA inspection GRANT SELECT ON TABLES TO aedpics_monitor;
END
$$;

-- The indexes the audits need (docs/benchmarks.md "monitoring audits"), over a year of sessions:
-- a completed session whose assignment is not completed, looked up from the few assignments that are not completed;
CREATE INDEX sessions_assignment_idx ON sessions (assignment_id) WHERE assignment_id IS NOT NULL;
CREATE INDEX assignments_not_completed_idx ON assignments (id) WHERE status <> 'completed';
-- the summary's inspections of this month, nationally (inspections_region_idx serves one region).
CREATE INDEX inspections_inspected_at_idx ON inspections (inspected_at);
