package pics.aed.sessions.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Region;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.SqlFilter;
import pics.aed.sessions.domain.ApprovalStatus;
import pics.aed.sessions.domain.Inspection;
import pics.aed.sessions.domain.OverallStatus;
import pics.aed.sessions.domain.SessionAccess;

/** The SQL of {@code inspection.inspections}. */
@Singleton
public class InspectionStore {

    private static final String COLUMNS = """
            id, session_id, equipment_serial, inspector_id, sido, gugun, inspected_at, result, overall_status,
            approval_status, reviewed_by, reviewed_at, rejection_reason""";
    private static final String INSERT = """
            INSERT INTO inspections (id, session_id, equipment_serial, inspector_id, sido, gugun, inspected_at, result,
                                     overall_status)
            VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8) RETURNING\s""" + COLUMNS;
    private static final String FIND = "SELECT " + COLUMNS + " FROM inspections WHERE id = $1";
    private static final String REVIEW = """
            UPDATE inspections SET approval_status = $2, reviewed_by = $3, reviewed_at = now(), rejection_reason = $4
             WHERE id = $1 RETURNING\s""" + COLUMNS;

    public record Filter(
            String equipmentSerial,
            String inspectorId,
            ApprovalStatus approvalStatus,
            OffsetDateTime from,
            OffsetDateTime to,
            Caller viewer) {}

    public Uni<Inspection> insert(
            SqlClient tx,
            UUID id,
            UUID sessionId,
            String equipmentSerial,
            String inspectorId,
            Region region,
            JsonObject result,
            OverallStatus overallStatus) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.from(java.util.Arrays.asList(
                        id,
                        sessionId,
                        equipmentSerial,
                        inspectorId,
                        region.sido(),
                        region.gugun(),
                        result,
                        overallStatus.name())))
                .map(InspectionStore::only);
    }

    public Uni<Optional<Inspection>> find(SqlClient client, UUID id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id)).map(InspectionStore::first);
    }

    /** Serialises concurrent reviews of one inspection: the second reviewer sees the first one's decision. */
    public Uni<Optional<Inspection>> findForUpdate(SqlClient tx, UUID id) {
        return tx.preparedQuery(FIND + " FOR UPDATE").execute(Tuple.of(id)).map(InspectionStore::first);
    }

    public Uni<Inspection> review(SqlClient tx, UUID id, ApprovalStatus decision, String reviewer, String reason) {
        return tx.preparedQuery(REVIEW)
                .execute(Tuple.of(id, decision.name(), reviewer, reason))
                .map(InspectionStore::only);
    }

    public Uni<Page<Inspection>> list(SqlClient client, Filter filter, PageRequest page) {
        // inspectors list their own inspections (wherever the device stands); everyone else their area
        SqlFilter where = SessionAccess.seesOnlyOwnWork(filter.viewer())
                ? SqlFilter.where("inspector_id", filter.viewer().id())
                : SqlFilter.visibleTo(filter.viewer(), "sido", "gugun");
        where.equalToIfGiven("equipment_serial", filter.equipmentSerial())
                .equalToIfGiven("inspector_id", filter.inspectorId())
                .equalToIfGiven(
                        "approval_status",
                        filter.approvalStatus() == null
                                ? null
                                : filter.approvalStatus().name())
                .atLeastIfGiven("inspected_at", filter.from())
                .beforeIfGiven("inspected_at", filter.to());
        return where.page(client, COLUMNS, "inspections", "inspected_at DESC, id", page, InspectionStore::map);
    }

    private static Optional<Inspection> first(RowSet<Row> rows) {
        return rows.rowCount() == 0
                ? Optional.empty()
                : Optional.of(map(rows.iterator().next()));
    }

    private static Inspection only(RowSet<Row> rows) {
        return first(rows)
                .orElseThrow(() -> new IllegalStateException("inspection row vanished inside its transaction"));
    }

    private static Inspection map(Row row) {
        return new Inspection(
                row.getUUID("id"),
                row.getUUID("session_id"),
                row.getString("equipment_serial"),
                row.getString("inspector_id"),
                new Region(row.getString("sido"), row.getString("gugun")),
                row.getOffsetDateTime("inspected_at"),
                (JsonObject) row.getValue("result"),
                OverallStatus.valueOf(row.getString("overall_status")),
                ApprovalStatus.valueOf(row.getString("approval_status")),
                row.getString("reviewed_by"),
                row.getOffsetDateTime("reviewed_at"),
                row.getString("rejection_reason"));
    }
}
