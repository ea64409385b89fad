-- The status of the schedule an assignment belongs to, as its last event said (scheduled, in_progress, completed,
-- cancelled, missed). Cancelling a session restores its assignment to pending only while the schedule is live; an
-- assignment whose schedule ended meanwhile ends cancelled. NULL for assignments from before this column: treated
-- as live.
ALTER TABLE assignments ADD COLUMN schedule_status text;
ALTER TABLE assignments ADD CONSTRAINT assignments_schedule_status_check
    CHECK (schedule_status IN ('scheduled', 'in_progress', 'completed', 'cancelled', 'missed'));
