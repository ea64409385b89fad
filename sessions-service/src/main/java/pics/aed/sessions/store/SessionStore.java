package pics.aed.sessions.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.SqlFilter;
import pics.aed.sessions.domain.Session;
import pics.aed.sessions.domain.SessionAccess;
import pics.aed.sessions.domain.SessionStatus;

/** The SQL of {@code inspection.sessions}. Methods that change take the transaction's connection. */
@Singleton
public class SessionStore {

    private static final String COLUMNS = """
            id, equipment_serial, inspector_id, sido, gugun, status, current_step, step_data, device_snapshot,
            started_at, paused_at, resumed_at, completed_at, cancelled_at, cancel_reason, assignment_id,
            inspection_id, version,
            (SELECT a.schedule_id FROM assignments a WHERE a.id = sessions.assignment_id) AS schedule_id""";

    /** Invariant 1 decides: the partial unique index makes a second open session impossible; no row means held. */
    private static final String INSERT_OPEN = """
            INSERT INTO sessions (id, equipment_serial, inspector_id, sido, gugun, status, device_snapshot)
            VALUES ($1, $2, $3, $4, $5, 'active', $6)
            ON CONFLICT (equipment_serial) WHERE status IN ('active', 'paused') DO NOTHING
            RETURNING\s""" + COLUMNS;

    private static final String FIND_OPEN_FOR_UPDATE = "SELECT " + COLUMNS
            + " FROM sessions WHERE equipment_serial = $1 AND status IN ('active', 'paused') FOR UPDATE";
    private static final String FIND = "SELECT " + COLUMNS + " FROM sessions WHERE id = $1";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String RESUME = """
            UPDATE sessions SET status = 'active', resumed_at = now(), paused_at = NULL, last_activity_at = now(),
                   version = version + 1
             WHERE id = $1 RETURNING\s""" + COLUMNS;
    private static final String SAVE_PROGRESS = """
            UPDATE sessions SET current_step = COALESCE($2, current_step),
                   step_data = step_data || COALESCE($3, '{}'::jsonb),
                   status = $4,
                   paused_at = CASE WHEN $4 = 'paused' AND status = 'active' THEN now()
                                    WHEN $4 = 'active' THEN NULL ELSE paused_at END,
                   resumed_at = CASE WHEN $4 = 'active' AND status = 'paused' THEN now() ELSE resumed_at END,
                   last_activity_at = now(), version = version + 1
             WHERE id = $1 RETURNING\s""" + COLUMNS;
    private static final String COMPLETE = """
            UPDATE sessions SET status = 'completed', completed_at = now(), inspection_id = $2,
                   last_activity_at = now(), version = version + 1
             WHERE id = $1 RETURNING\s""" + COLUMNS;
    private static final String CANCEL = """
            UPDATE sessions SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2,
                   last_activity_at = now(), version = version + 1
             WHERE id = $1 RETURNING\s""" + COLUMNS;
    private static final String LINK_ASSIGNMENT = """
            UPDATE sessions SET assignment_id = $2 WHERE id = $1 RETURNING\s""" + COLUMNS;
    /** Open sessions idle for longer than their status allows: $1 seconds when active, $2 when paused. */
    private static final String IDLE_OPEN = """
            SELECT id FROM sessions
             WHERE (status = 'active' AND last_activity_at < now() - make_interval(secs => $1))
                OR (status = 'paused' AND last_activity_at < now() - make_interval(secs => $2))
             ORDER BY last_activity_at LIMIT $3""";
    /** The same condition for one session, under its row lock: an inspector may have come back meanwhile. */
    private static final String LOCK_IF_IDLE = "SELECT " + COLUMNS + """
             FROM sessions
            WHERE id = $1
              AND ((status = 'active' AND last_activity_at < now() - make_interval(secs => $2))
                OR (status = 'paused' AND last_activity_at < now() - make_interval(secs => $3)))
              FOR UPDATE""";

    public record NewSession(
            UUID id, String equipmentSerial, String inspectorId, Region region, JsonObject deviceSnapshot) {}

    public record Filter(String equipmentSerial, String inspectorId, List<SessionStatus> statuses, Caller viewer) {}

    /** How long an open session may stay idle before it is stale, by status. */
    public record IdleLimits(Duration active, Duration paused) {}

    /** @return the new session, or empty when an open session already holds the device */
    public Uni<Optional<Session>> insertOpen(SqlClient tx, NewSession session) {
        return tx.preparedQuery(INSERT_OPEN)
                .execute(Tuple.of(
                        session.id(),
                        session.equipmentSerial(),
                        session.inspectorId(),
                        session.region().sido(),
                        session.region().gugun(),
                        session.deviceSnapshot()))
                .map(SessionStore::first);
    }

    public Uni<Optional<Session>> findOpenForUpdate(SqlClient tx, String equipmentSerial) {
        return tx.preparedQuery(FIND_OPEN_FOR_UPDATE)
                .execute(Tuple.of(equipmentSerial))
                .map(SessionStore::first);
    }

    public Uni<Optional<Session>> find(SqlClient client, UUID id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id)).map(SessionStore::first);
    }

    public Uni<Optional<Session>> findForUpdate(SqlClient tx, UUID id) {
        return tx.preparedQuery(FIND_FOR_UPDATE).execute(Tuple.of(id)).map(SessionStore::first);
    }

    public Uni<Session> resume(SqlClient tx, UUID id) {
        return tx.preparedQuery(RESUME).execute(Tuple.of(id)).map(SessionStore::only);
    }

    public Uni<Session> saveProgress(
            SqlClient tx, UUID id, Integer currentStep, JsonObject stepData, SessionStatus status) {
        return tx.preparedQuery(SAVE_PROGRESS)
                .execute(Tuple.of(id, currentStep, stepData, status.name()))
                .map(SessionStore::only);
    }

    public Uni<Session> complete(SqlClient tx, UUID id, UUID inspectionId) {
        return tx.preparedQuery(COMPLETE).execute(Tuple.of(id, inspectionId)).map(SessionStore::only);
    }

    public Uni<Session> cancel(SqlClient tx, UUID id, String reason) {
        return tx.preparedQuery(CANCEL).execute(Tuple.of(id, reason)).map(SessionStore::only);
    }

    public Uni<Session> linkAssignment(SqlClient tx, UUID id, UUID assignmentId) {
        return tx.preparedQuery(LINK_ASSIGNMENT)
                .execute(Tuple.of(id, assignmentId))
                .map(SessionStore::only);
    }

    public Uni<List<UUID>> idleOpenSessions(SqlClient client, IdleLimits limits, int limit) {
        return client.preparedQuery(IDLE_OPEN)
                .execute(Tuple.of(seconds(limits.active()), seconds(limits.paused()), limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /** @return the session, locked, if it is still open and idle beyond its limit; else empty */
    public Uni<Optional<Session>> lockIfIdle(SqlClient tx, UUID id, IdleLimits limits) {
        return tx.preparedQuery(LOCK_IF_IDLE)
                .execute(Tuple.of(id, seconds(limits.active()), seconds(limits.paused())))
                .map(SessionStore::first);
    }

    /** Inspectors list their own sessions (wherever the device stands); everyone else their area. */
    public Uni<Page<Session>> list(SqlClient client, Filter filter, PageRequest page) {
        SqlFilter where = SessionAccess.seesOnlyOwnWork(filter.viewer())
                ? SqlFilter.where("inspector_id", filter.viewer().id())
                : SqlFilter.visibleTo(filter.viewer(), "sido", "gugun");
        where.equalToIfGiven("equipment_serial", filter.equipmentSerial())
                .equalToIfGiven("inspector_id", filter.inspectorId())
                .inIfGiven(
                        "status",
                        filter.statuses() == null
                                ? null
                                : filter.statuses().stream().map(Enum::name).toList());
        return where.page(client, COLUMNS, "sessions", "started_at DESC, id", page, SessionStore::map);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Optional<Session> first(RowSet<Row> rows) {
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(map(rows.iterator().next()));
    }

    private static Session only(RowSet<Row> rows) {
        return first(rows).orElseThrow(() -> new IllegalStateException("session row vanished inside its transaction"));
    }

    static Session map(Row row) {
        return new Session(
                row.getUUID("id"),
                row.getString("equipment_serial"),
                row.getString("inspector_id"),
                new Region(row.getString("sido"), row.getString("gugun")),
                SessionStatus.valueOf(row.getString("status")),
                row.getInteger("current_step"),
                (JsonObject) row.getValue("step_data"),
                (JsonObject) row.getValue("device_snapshot"),
                row.getOffsetDateTime("started_at"),
                row.getOffsetDateTime("paused_at"),
                row.getOffsetDateTime("resumed_at"),
                row.getOffsetDateTime("completed_at"),
                row.getOffsetDateTime("cancelled_at"),
                row.getString("cancel_reason"),
                row.getUUID("assignment_id"),
                row.getUUID("inspection_id"),
                row.getLong("version"),
                row.getUUID("schedule_id"));
    }
}
