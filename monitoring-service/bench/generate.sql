-- Bench data for monitoring-service/bench/AuditsBench.java: :devices devices in 17 sido x 15 gugun, and for each of
-- the last :months months one schedule per device with its assignment, its session and its inspection, as the
-- services would leave them (statuses by the month: past months mostly completed, a few missed or cancelled; the
-- current one partly done). A handful of open sessions; a year of daily sync runs. Clean data: the audits find
-- nothing, so the figures are the cost of looking.
SET synchronous_commit = off;

INSERT INTO registry.devices (equipment_serial, sido, gugun, battery_expiry_date, pad_expiry_date,
                              last_inspection_date, data_status)
SELECT format('%s-%s', lpad((i % 17)::text, 3, '0'), lpad(i::text, 9, '0')),
       'sido-' || (i % 17), 'gugun-' || (i % 17) || '-' || ((i / 17) % 15),
       current_date + ((i * 7919) % 1500 - 200), current_date + ((i::bigint * 104729) % 1200 - 150)::int,
       current_date - (i % 90),
       CASE WHEN i % 200 = 0 THEN 'deletion_suspected' ELSE 'active' END
  FROM generate_series(1, :devices) AS i;

INSERT INTO monitoring.devices (equipment_serial, sido, gugun, data_status, registry_battery_expiry,
                                registry_battery_changed_at, registry_pad_expiry, registry_pad_changed_at,
                                registry_last_inspection, registry_updated_at, last_session_completed_on,
                                corrected_pad_expiry, corrected_pad_at)
SELECT equipment_serial, sido, gugun, data_status, battery_expiry_date, now() - interval '30 days',
       pad_expiry_date, now() - interval '30 days', last_inspection_date, now() - interval '30 days',
       current_date - (hashtext(equipment_serial) & 63),
       CASE WHEN hashtext(equipment_serial) % 10 = 0 THEN current_date + 400 END,
       CASE WHEN hashtext(equipment_serial) % 10 = 0 THEN now() - interval '3 days' END
  FROM registry.devices;

CREATE TEMP TABLE plan AS
SELECT gen_random_uuid() AS schedule_id, gen_random_uuid() AS assignment_id, gen_random_uuid() AS session_id,
       gen_random_uuid() AS inspection_id, d.equipment_serial, d.sido, d.gugun, m AS months_ago,
       date_trunc('month', now()) - make_interval(months => m) + make_interval(days => n % 20, hours => 9,
           mins => (n / 20) % 480) AS scheduled_for,
       CASE WHEN m = 0 THEN (CASE WHEN n % 100 < 60 THEN 'scheduled' WHEN n % 100 < 61 THEN 'in_progress'
                                  ELSE 'completed' END)
            ELSE (CASE WHEN n % 100 < 95 THEN 'completed' WHEN n % 100 < 99 THEN 'missed' ELSE 'cancelled' END)
       END AS status
  FROM (SELECT equipment_serial, sido, gugun, (row_number() OVER (ORDER BY equipment_serial))::int AS n
          FROM registry.devices) AS d
 CROSS JOIN generate_series(0, :months - 1) AS m;

INSERT INTO scheduling.schedules (id, equipment_serial, sido, gugun, assignee_id, scheduled_for, due_at, slot, status,
                                  session_id, cancel_reason, created_by)
SELECT schedule_id, equipment_serial, sido, gugun, 'inspector-' || gugun, scheduled_for,
       date_trunc('month', scheduled_for) + interval '1 month' - interval '1 second',
       tstzrange(scheduled_for - interval '15 minutes', scheduled_for + interval '15 minutes', '[)'), status,
       CASE WHEN status IN ('in_progress', 'completed') THEN session_id END,
       CASE WHEN status = 'cancelled' THEN 'bench' END, 'bench'
  FROM plan;

INSERT INTO inspection.assignments (id, schedule_id, equipment_serial, assignee_id, sido, gugun, scheduled_for,
                                    due_at, status, session_id, schedule_status)
SELECT assignment_id, schedule_id, equipment_serial, 'inspector-' || gugun, sido, gugun, scheduled_for,
       date_trunc('month', scheduled_for) + interval '1 month' - interval '1 second',
       CASE status WHEN 'scheduled' THEN 'pending' WHEN 'in_progress' THEN 'in_progress'
                   WHEN 'completed' THEN 'completed' ELSE 'cancelled' END,
       CASE WHEN status IN ('in_progress', 'completed') THEN session_id END, status
  FROM plan;

INSERT INTO inspection.sessions (id, equipment_serial, inspector_id, sido, gugun, status, device_snapshot, started_at,
                                 completed_at, assignment_id, inspection_id, last_activity_at)
SELECT session_id, equipment_serial, 'inspector-' || gugun, sido, gugun,
       CASE WHEN status = 'completed' THEN 'completed' ELSE 'active' END, '{}'::jsonb,
       CASE WHEN status = 'completed' THEN scheduled_for ELSE now() - interval '10 minutes' END,
       CASE WHEN status = 'completed' THEN scheduled_for + interval '30 minutes' END, assignment_id,
       CASE WHEN status = 'completed' THEN inspection_id END,
       CASE WHEN status = 'completed' THEN scheduled_for + interval '30 minutes' ELSE now() END
  FROM plan
 WHERE status IN ('in_progress', 'completed');

INSERT INTO inspection.inspections (id, session_id, equipment_serial, inspector_id, sido, gugun, inspected_at, result,
                                    overall_status, approval_status, reviewed_by, reviewed_at)
SELECT inspection_id, session_id, equipment_serial, 'inspector-' || gugun, sido, gugun,
       scheduled_for + interval '30 minutes', '{}'::jsonb, 'pass',
       CASE WHEN months_ago = 0 THEN 'submitted' ELSE 'approved' END,
       CASE WHEN months_ago = 0 THEN NULL ELSE 'admin-' || gugun END,
       CASE WHEN months_ago = 0 THEN NULL ELSE scheduled_for + interval '2 days' END
  FROM plan
 WHERE status = 'completed';

INSERT INTO registry.sync_runs (id, mode, trigger, status, started_at, finished_at, fetched, inserted, updated,
                                unchanged)
SELECT gen_random_uuid(), 'incremental', 'schedule', CASE WHEN d % 30 = 7 THEN 'failed' ELSE 'succeeded' END,
       now() - make_interval(days => d, hours => 20), now() - make_interval(days => d, hours => 20) + interval '5 seconds',
       :devices, 0, 100, :devices - 100
  FROM generate_series(1, 365) AS d;

DROP TABLE plan;
