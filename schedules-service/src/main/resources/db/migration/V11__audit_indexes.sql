-- The audits of monitoring-service over a national year of schedules, each index chosen from the audit's plan
-- (docs/benchmarks.md "monitoring-service: audits and the readiness roll-up").
--
-- Schedules less than 30 minutes apart: every non-cancelled schedule in device and time order, read from the index
-- alone; only the two columns the comparison needs, so the pass reads fewer pages than V10's wider index did.
CREATE INDEX schedules_live_slots_idx ON schedules (equipment_serial, scheduled_for) WHERE status <> 'cancelled';
DROP INDEX schedules_live_by_device_idx;
-- Schedule drift starts from the schedules still open, with their status and time, without reading the table.
CREATE INDEX schedules_open_status_idx ON schedules (id) INCLUDE (status, scheduled_for)
    WHERE status IN ('scheduled', 'in_progress');
DROP INDEX schedules_open_idx;
