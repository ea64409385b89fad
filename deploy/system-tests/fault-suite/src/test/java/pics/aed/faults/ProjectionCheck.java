package pics.aed.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The services' projections agree with their sources: the three device views with the registry (same devices, same
 * snapshot version), every schedule's assignment with the status of the schedule's last event (a schedule going
 * in_progress with its session has no event: docs/events.md; its assignment keeps "scheduled"), every schedule linked to a session with
 * the session, and the readiness view and the registry's last inspection date with the completed sessions.
 */
final class ProjectionCheck {

    /** name → a query listing what disagrees (an id per row). */
    static final List<String[]> QUERIES = List.of(
            new String[] {"device view of sessions-service", """
                SELECT coalesce(r.equipment_serial, v.equipment_serial) FROM registry.devices r
                  FULL JOIN inspection.devices v ON v.equipment_serial = r.equipment_serial
                 WHERE v.registry_version IS DISTINCT FROM r.version"""},
            new String[] {"device view of schedules-service", """
                SELECT coalesce(r.equipment_serial, v.equipment_serial) FROM registry.devices r
                  FULL JOIN scheduling.devices v ON v.equipment_serial = r.equipment_serial
                 WHERE v.registry_version IS DISTINCT FROM r.version"""},
            new String[] {"readiness view of monitoring-service (registry)", """
                SELECT coalesce(r.equipment_serial, v.equipment_serial) FROM registry.devices r
                  FULL JOIN monitoring.devices v ON v.equipment_serial = r.equipment_serial
                 WHERE v.registry_version IS DISTINCT FROM r.version"""},
            new String[] {"assignments of sessions-service", """
                SELECT s.id::text FROM scheduling.schedules s
                  LEFT JOIN inspection.assignments a ON a.schedule_id = s.id
                 WHERE a.id IS NULL
                    OR a.schedule_status IS DISTINCT FROM
                       CASE WHEN s.status = 'in_progress' THEN 'scheduled' ELSE s.status END"""},
            new String[] {"schedule status of schedules-service", """
                SELECT s.id::text FROM scheduling.schedules s JOIN inspection.sessions x ON x.id = s.session_id
                 WHERE (x.status = 'completed' AND s.status <> 'completed')
                    OR (x.status IN ('active', 'paused') AND s.status <> 'in_progress')
                    OR (x.status = 'cancelled' AND s.status = 'in_progress')"""},
            new String[] {"readiness view of monitoring-service (inspections)", """
                SELECT c.equipment_serial FROM (
                    SELECT equipment_serial, max((completed_at AT TIME ZONE 'Asia/Seoul')::date) AS completed_on
                      FROM inspection.sessions WHERE status = 'completed' GROUP BY equipment_serial) c
                  LEFT JOIN monitoring.devices m ON m.equipment_serial = c.equipment_serial
                 WHERE m.last_session_completed_on IS DISTINCT FROM c.completed_on"""},
            new String[] {"last inspection date of the registry", """
                SELECT c.equipment_serial FROM (
                    SELECT equipment_serial, max((completed_at AT TIME ZONE 'Asia/Seoul')::date) AS completed_on
                      FROM inspection.sessions WHERE status = 'completed' GROUP BY equipment_serial) c
                  LEFT JOIN registry.devices r ON r.equipment_serial = c.equipment_serial
                 WHERE r.last_inspection_date IS NULL OR r.last_inspection_date < c.completed_on"""});

    private final LocalStack stack;

    ProjectionCheck(LocalStack stack) {
        this.stack = stack;
    }

    List<Finding> check() throws SQLException {
        List<Finding> findings = new ArrayList<>();
        try (Connection c = stack.superuser()) {
            for (String[] query : QUERIES) {
                List<String> disagree = Sql.strings(c, query[1]);
                if (!disagree.isEmpty()) {
                    findings.add(Finding.of("not converged: " + query[0], disagree));
                }
            }
        }
        return findings;
    }
}
