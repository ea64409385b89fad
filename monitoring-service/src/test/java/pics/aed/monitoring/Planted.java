package pics.aed.monitoring;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.Tokens;

/**
 * Rows planted in the other services' real schemas (as their owner, the way a bug or a manual fix would leave them),
 * and removed again by {@link #close()}, so that the next test finds a clean database. Dropped invariants are
 * restored on close too.
 */
final class Planted implements AutoCloseable {

    static final String SEOUL = "서울특별시";
    static final String JONGNO = "종로구";
    static final String BUSAN = "부산광역시";
    static final String HAEUNDAE = "해운대구";

    private final List<String> cleanup = new ArrayList<>();
    private final List<Object[]> cleanupParams = new ArrayList<>();
    private boolean sessionIndexDropped;
    private boolean scheduleConstraintDropped;
    private boolean slotCheckDropped;
    private boolean scheduleConstraintWeakened;

    static String serial() {
        return "M-" + UUID.randomUUID().toString().substring(0, 20);
    }

    static Response cron() {
        return given().auth().oauth2(Tokens.service("cron")).post("/api/cron/monitor");
    }

    /** A device the registry knows. */
    String registryDevice(String serial, String sido, String gugun) {
        Database.execute(
                "INSERT INTO registry.devices (equipment_serial, sido, gugun) VALUES (?, ?, ?)", serial, sido, gugun);
        undo("DELETE FROM registry.devices WHERE equipment_serial = ?", serial);
        return serial;
    }

    /** A session; completed and cancelled ones get their time {@code minutesAgo}. */
    UUID session(String serial, String inspectorId, String status, UUID assignmentId, int minutesAgo) {
        UUID id = UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.now().minusMinutes(minutesAgo);
        Database.execute(
                """
                INSERT INTO inspection.sessions (id, equipment_serial, inspector_id, sido, gugun, status,
                                                 device_snapshot, started_at, completed_at, cancelled_at, assignment_id)
                VALUES (?, ?, ?, ?, ?, ?, '{}'::jsonb, ?, ?, ?, ?)""",
                id,
                serial,
                inspectorId,
                SEOUL,
                JONGNO,
                status,
                at.minusMinutes(10),
                status.equals("completed") ? at : null,
                status.equals("cancelled") ? at : null,
                assignmentId);
        undo("DELETE FROM inspection.sessions WHERE id = ?", id);
        return id;
    }

    UUID openSession(String serial, String inspectorId) {
        return session(serial, inspectorId, "active", null, 0);
    }

    /** Two open sessions on one device: possible only with invariant 1's index dropped, as here. */
    List<UUID> duplicateOpenSessions(String serial) {
        dropOpenSessionIndex();
        return List.of(openSession(serial, "kim-" + serial), session(serial, "lee-" + serial, "paused", null, 0));
    }

    UUID assignment(String serial, UUID scheduleId, String status, UUID sessionId) {
        UUID id = UUID.randomUUID();
        Database.execute("""
                INSERT INTO inspection.assignments (id, schedule_id, equipment_serial, assignee_id, sido, gugun,
                                                    due_at, status, session_id)
                VALUES (?, ?, ?, 'kim', ?, ?, now() + interval '7 days', ?, ?)""", id, scheduleId, serial, SEOUL, JONGNO, status, sessionId);
        undo("DELETE FROM inspection.assignments WHERE id = ?", id);
        return id;
    }

    /**
     * A completed session whose assignment stayed in_progress (the session's transaction should have completed it).
     *
     * @return the session id
     */
    UUID completedSessionWithAssignmentInProgress(String serial) {
        return completedSessionWithAssignmentInProgress(serial, 20);
    }

    /** The same, completed {@code minutesAgo}. */
    UUID completedSessionWithAssignmentInProgress(String serial, int minutesAgo) {
        UUID sessionId = UUID.randomUUID();
        UUID assignmentId = assignment(serial, UUID.randomUUID(), "in_progress", sessionId);
        OffsetDateTime at = OffsetDateTime.now().minusMinutes(minutesAgo);
        Database.execute("""
                INSERT INTO inspection.sessions (id, equipment_serial, inspector_id, sido, gugun, status,
                                                 device_snapshot, started_at, completed_at, assignment_id)
                VALUES (?, ?, 'kim', ?, ?, 'completed', '{}'::jsonb, ?, ?, ?)""", sessionId, serial, SEOUL, JONGNO, at.minusMinutes(10), at, assignmentId);
        undo("DELETE FROM inspection.sessions WHERE id = ?", sessionId);
        return sessionId;
    }

    UUID schedule(String serial, OffsetDateTime at, String status, UUID sessionId) {
        return schedule(UUID.randomUUID(), serial, at, status, sessionId);
    }

    /** A schedule with a known id (its assignment planted first), planned an hour ago. */
    UUID scheduleWithId(UUID id, String serial, String status, UUID sessionId) {
        return schedule(id, serial, OffsetDateTime.now().minusHours(1), status, sessionId);
    }

    private UUID schedule(UUID id, String serial, OffsetDateTime at, String status, UUID sessionId) {
        Database.execute(
                """
                INSERT INTO scheduling.schedules (id, equipment_serial, sido, gugun, assignee_id, scheduled_for, due_at,
                                                  slot, status, session_id, cancel_reason, created_by)
                VALUES (?, ?, ?, ?, 'kim', ?, ?::timestamptz + interval '30 days',
                        tstzrange(?::timestamptz - interval '15 minutes', ?::timestamptz + interval '15 minutes', '[)'),
                        ?, ?, ?, 'planted')""",
                id,
                serial,
                SEOUL,
                JONGNO,
                at,
                at,
                at,
                at,
                status,
                sessionId,
                status.equals("cancelled") ? "planted" : null);
        undo("DELETE FROM scheduling.schedules WHERE id = ?", id);
        return id;
    }

    /**
     * A schedule whose slot is not the 30 minutes around its time, starting at {@code slotFrom}: possible only with
     * the slot check dropped ({@link #dropScheduleSlotCheck()}).
     */
    UUID scheduleWithSlot(String serial, OffsetDateTime at, OffsetDateTime slotFrom) {
        UUID id = UUID.randomUUID();
        Database.execute("""
                INSERT INTO scheduling.schedules (id, equipment_serial, sido, gugun, assignee_id, scheduled_for, due_at,
                                                  slot, status, created_by)
                VALUES (?, ?, ?, ?, 'kim', ?, ?::timestamptz + interval '30 days',
                        tstzrange(?::timestamptz, ?::timestamptz + interval '30 minutes', '[)'), 'scheduled', 'planted')""", id, serial, SEOUL, JONGNO, at, at, slotFrom, slotFrom);
        undo("DELETE FROM scheduling.schedules WHERE id = ?", id);
        return id;
    }

    /** The check that makes a schedule's slot the 30 minutes around its time (half of invariant 2), dropped. */
    void dropScheduleSlotCheck() {
        if (!slotCheckDropped) {
            Database.execute("ALTER TABLE scheduling.schedules DROP CONSTRAINT schedules_slot_is_window");
            slotCheckDropped = true;
        }
    }

    /**
     * Invariant 2's constraint replaced by a weaker one under the same name: only schedules still 'scheduled' are kept
     * apart, so missed or completed ones may overlap.
     */
    void weakenScheduleOverlapConstraint() {
        dropScheduleOverlapConstraint();
        Database.execute("""
                ALTER TABLE scheduling.schedules ADD CONSTRAINT schedules_no_overlap
                    EXCLUDE USING gist (equipment_serial WITH =, slot WITH &&) WHERE (status = 'scheduled')""");
        scheduleConstraintWeakened = true;
    }

    /** Schedules closer than 30 minutes: possible only with invariant 2's constraint dropped, as here. */
    void dropScheduleOverlapConstraint() {
        if (!scheduleConstraintDropped) {
            Database.execute("ALTER TABLE scheduling.schedules DROP CONSTRAINT schedules_no_overlap");
            scheduleConstraintDropped = true;
        }
    }

    /**
     * A schedule still in_progress although its session completed {@code minutesAgo} (schedules-service missed the
     * event).
     *
     * @return the schedule id
     */
    UUID scheduleBehindItsSession(String serial, int minutesAgo) {
        UUID scheduleId = UUID.randomUUID();
        UUID sessionId = UUID.randomUUID();
        UUID assignmentId = assignment(serial, scheduleId, "completed", sessionId);
        OffsetDateTime at = OffsetDateTime.now().minusMinutes(minutesAgo);
        Database.execute("""
                INSERT INTO inspection.sessions (id, equipment_serial, inspector_id, sido, gugun, status,
                                                 device_snapshot, started_at, completed_at, assignment_id)
                VALUES (?, ?, 'kim', ?, ?, 'completed', '{}'::jsonb, ?, ?, ?)""", sessionId, serial, SEOUL, JONGNO, at.minusMinutes(10), at, assignmentId);
        undo("DELETE FROM inspection.sessions WHERE id = ?", sessionId);
        OffsetDateTime planned = at.minusHours(1);
        Database.execute("""
                INSERT INTO scheduling.schedules (id, equipment_serial, sido, gugun, assignee_id, scheduled_for, due_at,
                                                  slot, status, session_id, created_by)
                VALUES (?, ?, ?, ?, 'kim', ?, ?::timestamptz + interval '30 days',
                        tstzrange(?::timestamptz - interval '15 minutes', ?::timestamptz + interval '15 minutes', '[)'),
                        'in_progress', ?, 'planted')""", scheduleId, serial, SEOUL, JONGNO, planned, planned, planned, planned, sessionId);
        undo("DELETE FROM scheduling.schedules WHERE id = ?", scheduleId);
        return scheduleId;
    }

    /** An event in sessions-service's outbox that no relay published, written {@code minutesAgo}. */
    String unpublishedOutboxEvent(int minutesAgo) {
        String eventId = UUID.randomUUID().toString();
        Database.execute("""
                INSERT INTO inspection.outbox (event_id, topic, event_key, event_type, source, subject, data, created_at)
                VALUES (?, 'inspection.sessions.v1', 'planted', 'pics.aed.session.started', '/aedpics/test', 'planted',
                        '{}'::json, now() - make_interval(mins => ?))""", eventId, minutesAgo);
        undo("DELETE FROM inspection.outbox WHERE event_id = ?", eventId);
        return eventId;
    }

    /** A registry sync run; a running one has no finish time. */
    UUID syncRun(String status, int startedMinutesAgo, String error) {
        UUID id = UUID.randomUUID();
        OffsetDateTime started = OffsetDateTime.now().minusMinutes(startedMinutesAgo);
        Database.execute("""
                INSERT INTO registry.sync_runs (id, mode, trigger, status, started_at, finished_at, error)
                VALUES (?, 'full', 'schedule', ?, ?, ?, ?)""", id, status, started, status.equals("running") ? null : started.plusMinutes(1), error);
        undo("DELETE FROM registry.sync_runs WHERE id = ?", id);
        return id;
    }

    private void dropOpenSessionIndex() {
        if (!sessionIndexDropped) {
            Database.execute("DROP INDEX inspection.sessions_one_open_per_device");
            sessionIndexDropped = true;
        }
    }

    private void undo(String sql, Object... params) {
        cleanup.add(sql);
        cleanupParams.add(params);
    }

    /** Removes every planted row, newest first (a session before the assignment it refers to), then restores the invariants that were dropped. */
    @Override
    public void close() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            Database.execute(cleanup.get(i), cleanupParams.get(i));
        }
        cleanup.clear();
        cleanupParams.clear();
        if (sessionIndexDropped) {
            Database.execute("""
                    CREATE UNIQUE INDEX sessions_one_open_per_device ON inspection.sessions (equipment_serial)
                        WHERE status IN ('active', 'paused')""");
            sessionIndexDropped = false;
        }
        if (slotCheckDropped) {
            Database.execute("""
                    ALTER TABLE scheduling.schedules ADD CONSTRAINT schedules_slot_is_window CHECK
                        (slot = tstzrange(scheduled_for - interval '15 minutes', scheduled_for + interval '15 minutes', '[)'))""");
            slotCheckDropped = false;
        }
        if (scheduleConstraintWeakened) {
            Database.execute("ALTER TABLE scheduling.schedules DROP CONSTRAINT schedules_no_overlap");
            scheduleConstraintWeakened = false;
        }
        if (scheduleConstraintDropped) {
            Database.execute("""
                    ALTER TABLE scheduling.schedules ADD CONSTRAINT schedules_no_overlap
                        EXCLUDE USING gist (equipment_serial WITH =, slot WITH &&) WHERE (status <> 'cancelled')""");
            scheduleConstraintDropped = false;
        }
    }
}
