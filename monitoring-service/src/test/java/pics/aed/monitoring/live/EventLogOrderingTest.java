package pics.aed.monitoring.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import pics.aed.monitoring.MonitoringServiceTestServers;
import pics.aed.testsupport.Database;

/**
 * The log's ordering invariant, enforced by the database (V20): a reader that always asks for "after the highest
 * position I have seen" never skips an entry, however concurrent appending transactions interleave and however long
 * each takes to commit. Without the commit-held lock in the position trigger, a transaction that drew a lower
 * position but committed later would be skipped, and this test fails.
 */
@QuarkusTest
class EventLogOrderingTest extends MonitoringServiceTestServers {

    private static final String APPEND = """
            INSERT INTO monitoring.event_log (event_id, type, source, subject, event_time, reach, data)
            VALUES (?, 'pics.aed.test.ordering', '/aedpics/test', ?, now(), 'national', '{}') RETURNING position""";

    @Test
    void a_reader_following_the_highest_position_seen_never_skips_one_that_commits_later() throws Exception {
        String run = UUID.randomUUID().toString();
        Set<Long> committed = ConcurrentHashMap.newKeySet();
        List<Long> read = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(9);
        try {
            Future<?> reader = threads.submit(() -> follow(run, read, writing));
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                writers.add(threads.submit(() -> appendSlowly(run, 40, committed)));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            writing.set(false);
            reader.get();
        } finally {
            threads.shutdownNow();
        }

        assertThat(committed).hasSize(8 * 40);
        assertThat(read).as("read in increasing order, none twice").isSorted().doesNotHaveDuplicates();
        assertThat(Set.copyOf(read)).as("every committed entry read").isEqualTo(committed);
    }

    /** Appends entries, each in a transaction that waits a random while between drawing its position and commit. */
    private static Void appendSlowly(String run, int count, Set<Long> committed) throws SQLException {
        try (Connection connection = Database.connect()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                long position;
                try (PreparedStatement append = connection.prepareStatement(APPEND)) {
                    append.setString(1, UUID.randomUUID().toString());
                    append.setString(2, run);
                    try (ResultSet rows = append.executeQuery()) {
                        rows.next();
                        position = rows.getLong(1);
                    }
                }
                LiveTestEvents.sleep(ThreadLocalRandom.current().nextInt(0, 6));
                connection.commit();
                committed.add(position);
            }
        }
        return null;
    }

    /** Reads "after the highest seen", as the stream hub does, until the writers are done and nothing is left. */
    private static Void follow(String run, List<Long> read, AtomicBoolean writing) throws SQLException {
        long highest = 0;
        try (Connection connection = Database.connect();
                PreparedStatement after = connection.prepareStatement(
                        "SELECT position FROM monitoring.event_log WHERE subject = ? AND position > ? ORDER BY position")) {
            while (true) {
                boolean lastRound = !writing.get();
                after.setString(1, run);
                after.setLong(2, highest);
                try (ResultSet rows = after.executeQuery()) {
                    while (rows.next()) {
                        highest = rows.getLong(1);
                        read.add(highest);
                    }
                }
                if (lastRound) {
                    return null;
                }
            }
        }
    }
}
