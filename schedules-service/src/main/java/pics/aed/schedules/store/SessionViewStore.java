package pics.aed.schedules.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

/** The SQL of {@code scheduling.sessions}, the view of inspection.sessions.v1 that compliance counts. */
@Singleton
public class SessionViewStore {

    /** A finished session (completed, cancelled) stays finished whatever arrives later. */
    private static final String UPSERT = """
            INSERT INTO sessions (id, equipment_serial, inspector_id, status, schedule_id, completed_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT ON CONSTRAINT sessions_pkey DO UPDATE
               SET status = EXCLUDED.status, schedule_id = COALESCE(EXCLUDED.schedule_id, sessions.schedule_id),
                   completed_at = COALESCE(EXCLUDED.completed_at, sessions.completed_at), received_at = now()
             WHERE sessions.status NOT IN ('completed', 'cancelled')""";

    public record SessionState(
            UUID id,
            String equipmentSerial,
            String inspectorId,
            String status,
            UUID scheduleId,
            OffsetDateTime completedAt) {}

    public Uni<Void> record(SqlClient tx, SessionState session) {
        return tx.preparedQuery(UPSERT)
                .execute(Tuple.from(Arrays.asList(
                        session.id(),
                        session.equipmentSerial(),
                        session.inspectorId(),
                        session.status(),
                        session.scheduleId(),
                        session.completedAt())))
                .replaceWithVoid();
    }
}
