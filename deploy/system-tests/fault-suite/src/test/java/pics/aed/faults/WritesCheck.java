package pics.aed.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pics.aed.faults.LoadGenerator.Kind;

/**
 * Every write the load generator saw succeed is in the database (nothing lost), and no write happened more often than
 * the client asked (nothing duplicated): per inspector, sessions and inspections in the database are at most the
 * starts and completions that succeeded plus those whose outcome the client never learnt; per admin, schedules
 * likewise; and a replayed request answered what the first one did.
 */
final class WritesCheck {

    private static final String SESSIONS =
            "SELECT id::text, current_step::text, status FROM inspection.sessions" + " WHERE id::text = ANY(?)";
    private static final String COMPLETED = """
            SELECT s.id::text FROM inspection.sessions s JOIN inspection.inspections i ON i.session_id = s.id
             WHERE s.status = 'completed' AND s.id::text = ANY(?)""";
    private static final String SCHEDULES = "SELECT id::text FROM scheduling.schedules WHERE id::text = ANY(?)";
    private static final String SESSIONS_PER_INSPECTOR = """
            SELECT inspector_id, count(*)::text FROM inspection.sessions WHERE inspector_id LIKE ? GROUP BY 1""";
    private static final String INSPECTIONS_PER_INSPECTOR = """
            SELECT s.inspector_id, count(*)::text FROM inspection.inspections i
              JOIN inspection.sessions s ON s.id = i.session_id WHERE s.inspector_id LIKE ? GROUP BY 1""";
    private static final String SCHEDULES_PER_ADMIN = """
            SELECT created_by, count(*)::text FROM scheduling.schedules WHERE created_by LIKE ? GROUP BY 1""";

    private final LocalStack stack;
    private final LoadGenerator load;

    WritesCheck(LocalStack stack, LoadGenerator load) {
        this.stack = stack;
        this.load = load;
    }

    List<Finding> check() throws SQLException {
        List<Finding> findings = new ArrayList<>();
        Set<String> started = new HashSet<>();
        Map<String, Integer> savedStep = new HashMap<>();
        Set<String> completed = new HashSet<>();
        Set<String> scheduled = new HashSet<>();
        for (LoadGenerator.Succeeded write : List.copyOf(load.succeeded)) {
            switch (write.kind()) {
                case START -> started.add(write.id());
                case SAVE -> savedStep.merge(write.id(), write.step(), Math::max);
                case COMPLETE -> completed.add(write.id());
                case SCHEDULE -> scheduled.add(write.id());
            }
        }
        String mine = "fault-" + load.runId + "-%";
        try (Connection c = stack.superuser()) {
            Map<String, String[]> sessions = new HashMap<>();
            for (String[] row : Sql.rows(c, SESSIONS, (Object) started.toArray(String[]::new))) {
                sessions.put(row[0], row);
            }
            List<String> lost = new ArrayList<>();
            for (String id : started) {
                if (!sessions.containsKey(id)) {
                    lost.add("session " + id);
                }
            }
            for (Map.Entry<String, Integer> save : savedStep.entrySet()) {
                String[] row = sessions.get(save.getKey());
                if (row != null && Integer.parseInt(row[1]) < save.getValue() && !"completed".equals(row[2])) {
                    lost.add("session " + save.getKey() + " step " + save.getValue() + " (database: " + row[1] + ")");
                }
            }
            Set<String> completedInDb =
                    new HashSet<>(Sql.strings(c, COMPLETED, (Object) completed.toArray(String[]::new)));
            for (String id : completed) {
                if (!completedInDb.contains(id)) {
                    lost.add("completion of session " + id);
                }
            }
            Set<String> schedulesInDb =
                    new HashSet<>(Sql.strings(c, SCHEDULES, (Object) scheduled.toArray(String[]::new)));
            for (String id : scheduled) {
                if (!schedulesInDb.contains(id)) {
                    lost.add("schedule " + id);
                }
            }
            if (!lost.isEmpty()) {
                findings.add(
                        Finding.of("lost: a write the client saw succeed is not in the database", new TreeSet<>(lost)));
            }
            List<String> duplicated = new ArrayList<>();
            duplicated.addAll(excess(Sql.rows(c, SESSIONS_PER_INSPECTOR, mine), Kind.START, "sessions"));
            duplicated.addAll(excess(Sql.rows(c, INSPECTIONS_PER_INSPECTOR, mine), Kind.COMPLETE, "inspections"));
            duplicated.addAll(excess(Sql.rows(c, SCHEDULES_PER_ADMIN, mine), Kind.SCHEDULE, "schedules"));
            duplicated.addAll(load.replayMismatches);
            if (!duplicated.isEmpty()) {
                findings.add(Finding.of("duplicated: more rows than the client's writes", duplicated));
            }
        }
        return findings;
    }

    /** Actors with more rows in the database than their succeeded writes of a kind plus the ones never answered. */
    private List<String> excess(List<String[]> countsInDb, Kind kind, String what) {
        Map<String, Set<String>> succeededIds = new HashMap<>();
        for (LoadGenerator.Succeeded write : List.copyOf(load.succeeded)) {
            if (write.kind() == kind) {
                succeededIds
                        .computeIfAbsent(write.actor(), k -> new HashSet<>())
                        .add(write.id());
            }
        }
        Map<String, Integer> unknown = new HashMap<>();
        for (LoadGenerator.GaveUp write : List.copyOf(load.gaveUp)) {
            if (write.kind() == kind) {
                unknown.merge(write.actor(), 1, Integer::sum);
            }
        }
        List<String> found = new ArrayList<>();
        for (String[] row : countsInDb) {
            long inDb = Long.parseLong(row[1]);
            long known = succeededIds.getOrDefault(row[0], Set.of()).size() + unknown.getOrDefault(row[0], 0);
            if (inDb > known) {
                found.add(row[0] + ": " + inDb + " " + what + " in the database, " + known + " written");
            }
        }
        return found;
    }
}
