package pics.aed.schedules.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of monthly plans: one set-based statement places every device of an area at once, whatever the area's
 * size (a gugun, a sido, the nation). The spreading rule is described in {@link pics.aed.schedules.domain.PlanCalendar}.
 */
@Singleton
public class PlanStore {

    /** Plans of one month queue up behind each other (any area: a nation plan and a gugun plan overlap). */
    private static final String LOCK_MONTH = "SELECT pg_advisory_xact_lock(hashtext('aedpics.scheduling.plan.' || $1))";

    private static final String INSERT_PLAN = """
            INSERT INTO plans (id, month, sido, gugun, assignee_id, per_day, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    /**
     * Places the area's active devices that have no live schedule in the month: round-robin over the working days
     * per gugun (at most perDay a day), then evenly over the working hours per day. The exclusion constraint is the
     * arbiter: a device that got a schedule near the same time meanwhile is skipped, never doubled.
     * <p>
     * $1 plan id, $2 sido or null, $3 gugun or null, $4/$5 the month's half-open bounds, $6 the working days, $7
     * perDay, $8 assignee, $9 due at, $10 created by, $11 day start and $12 day span (seconds), $13 time zone.
     */
    private static final String PLACE = """
            WITH area AS (
                SELECT equipment_serial, sido, gugun, data_status FROM devices
                 WHERE ($2::text IS NULL OR sido = $2::text) AND ($3::text IS NULL OR gugun = $3::text)
            ), already AS (
                SELECT a.equipment_serial FROM area a
                 WHERE a.data_status = 'active'
                   AND EXISTS (SELECT 1 FROM schedules s
                                WHERE s.equipment_serial = a.equipment_serial AND s.status <> 'cancelled'
                                  AND s.scheduled_for >= $4::timestamptz AND s.scheduled_for < $5::timestamptz)
            ), candidates AS (
                SELECT a.equipment_serial, a.sido, a.gugun,
                       row_number() OVER (PARTITION BY a.sido, a.gugun ORDER BY a.equipment_serial) - 1 AS rank_in_gugun
                  FROM area a
                 WHERE a.data_status = 'active'
                   AND NOT EXISTS (SELECT 1 FROM already p WHERE p.equipment_serial = a.equipment_serial)
            ), placed AS (
                SELECT c.*, c.rank_in_gugun % NULLIF(cardinality($6::date[]), 0) + 1 AS day_no
                  FROM candidates c
                 WHERE c.rank_in_gugun < cardinality($6::date[]) * $7::int
            ), timed AS (
                SELECT p.*,
                       row_number() OVER (PARTITION BY p.day_no ORDER BY p.sido, p.gugun, p.rank_in_gugun) - 1 AS k,
                       count(*) OVER (PARTITION BY p.day_no) AS n
                  FROM placed p
            ), at AS (
                SELECT t.equipment_serial, t.sido, t.gugun,
                       (($6::date[])[t.day_no] + make_interval(secs => $11::int + (t.k * $12::int) / t.n))
                           AT TIME ZONE $13::text AS scheduled_for
                  FROM timed t
            ), inserted AS (
                INSERT INTO schedules (id, equipment_serial, sido, gugun, assignee_id, scheduled_for, due_at, slot,
                                       plan_id, created_by)
                SELECT gen_random_uuid(), at.equipment_serial, at.sido, at.gugun, $8, at.scheduled_for, $9,
                       tstzrange(at.scheduled_for - interval '15 minutes', at.scheduled_for + interval '15 minutes',
                                 '[)'),
                       $1, $10
                  FROM at ORDER BY at.scheduled_for, at.equipment_serial
                ON CONFLICT ON CONSTRAINT schedules_no_overlap DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM inserted) AS created,
                   (SELECT count(*) FROM placed) AS placed,
                   (SELECT count(*) FROM already) AS already_planned,
                   (SELECT count(*) FROM area WHERE data_status <> 'active') AS not_active,
                   (SELECT count(*) FROM candidates) - (SELECT count(*) FROM placed) AS over_capacity""";

    private static final String RECORD_COUNTS = """
            UPDATE plans SET created = $2, already_planned = $3, not_active = $4, over_capacity = $5 WHERE id = $1""";
    private static final String DELETE_EMPTY = "DELETE FROM plans WHERE id = $1 AND created = 0";

    /** The latest plan of exactly this month and area, named by a call that found nothing new to create. */
    private static final String LATEST_OF_AREA = """
            SELECT id FROM plans
             WHERE month = $1 AND sido IS NOT DISTINCT FROM $2 AND gugun IS NOT DISTINCT FROM $3
             ORDER BY created_at DESC, id LIMIT 1""";

    /** The created-event data of one plan's schedules, built in the database (ScheduleChanged's members). */
    public static final String CREATED_EVENTS_OF_PLAN = """
            SELECT equipment_serial AS event_key,
                   json_build_object('scheduleId', id, 'equipmentSerial', equipment_serial, 'assigneeId', assignee_id,
                                     'sido', sido, 'gugun', gugun, 'status', status, 'scheduledFor', scheduled_for,
                                     'dueAt', due_at, 'previousScheduledFor', NULL, 'changedBy', created_by) AS data
              FROM schedules WHERE plan_id = $1 ORDER BY scheduled_for, equipment_serial""";

    public record PlanRequest(
            UUID planId,
            YearMonth month,
            String sido,
            String gugun,
            String assigneeId,
            int perDay,
            String createdBy,
            OffsetDateTime monthStart,
            OffsetDateTime monthEnd,
            List<LocalDate> workingDays,
            OffsetDateTime dueAt,
            int dayStartSeconds,
            int daySpanSeconds,
            String zone) {}

    public record Placement(long created, long placed, long alreadyPlanned, long notActive, long overCapacity) {

        /** Devices that the constraint turned away (a schedule near the same time committed meanwhile). */
        public long skipped() {
            return placed - created;
        }
    }

    public Uni<Void> lockMonth(SqlClient tx, YearMonth month) {
        return tx.preparedQuery(LOCK_MONTH).execute(Tuple.of(month.toString())).replaceWithVoid();
    }

    public Uni<Void> insertPlan(SqlClient tx, PlanRequest plan) {
        return tx.preparedQuery(INSERT_PLAN)
                .execute(Tuple.from(Arrays.asList(
                        plan.planId(),
                        plan.month().atDay(1),
                        plan.sido(),
                        plan.gugun(),
                        plan.assigneeId(),
                        plan.perDay(),
                        plan.createdBy())))
                .replaceWithVoid();
    }

    public Uni<Placement> place(SqlClient tx, PlanRequest plan) {
        return tx.preparedQuery(PLACE)
                .execute(Tuple.from(Arrays.asList(
                        plan.planId(),
                        plan.sido(),
                        plan.gugun(),
                        plan.monthStart(),
                        plan.monthEnd(),
                        plan.workingDays().toArray(LocalDate[]::new),
                        plan.perDay(),
                        plan.assigneeId(),
                        plan.dueAt(),
                        plan.createdBy(),
                        plan.dayStartSeconds(),
                        plan.daySpanSeconds(),
                        plan.zone())))
                .map(rows -> placement(rows.iterator().next()));
    }

    /** Keeps the counts on the plan; a plan that created nothing is not kept. */
    public Uni<Void> recordCounts(SqlClient tx, UUID planId, Placement placement) {
        return tx.preparedQuery(RECORD_COUNTS)
                .execute(Tuple.of(
                        planId,
                        (int) placement.created(),
                        (int) (placement.alreadyPlanned() + placement.skipped()),
                        (int) placement.notActive(),
                        (int) placement.overCapacity()))
                .flatMap(updated -> tx.preparedQuery(DELETE_EMPTY).execute(Tuple.of(planId)))
                .replaceWithVoid();
    }

    public Uni<Optional<UUID>> latestOfArea(SqlClient tx, YearMonth month, String sido, String gugun) {
        return tx.preparedQuery(LATEST_OF_AREA)
                .execute(Tuple.of(month.atDay(1), sido, gugun))
                .map(rows -> rows.rowCount() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("id")));
    }

    private static Placement placement(Row row) {
        return new Placement(
                row.getLong("created"),
                row.getLong("placed"),
                row.getLong("already_planned"),
                row.getLong("not_active"),
                row.getLong("over_capacity"));
    }
}
