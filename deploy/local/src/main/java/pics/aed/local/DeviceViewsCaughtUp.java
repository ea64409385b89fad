package pics.aed.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import pics.aed.events.Topics;

/**
 * Waits until every device view has caught up with the registry, so that {@code up.sh} says "ready" only when a
 * device the registry holds can be used everywhere: no registry sync is running, the registry's outbox is empty
 * (every snapshot is on {@code aed.devices.v1}), and every consumer group reading that topic has committed up to its
 * end. Prints one progress line every few seconds; exits 0 when caught up, 1 on timeout.
 *
 * <p>With {@code --measure} it also prints how long after the last sync run's commit ({@code finished_at}) the
 * registry's outbox first emptied and each running service's device view ({@code inspection.devices},
 * {@code scheduling.devices}, {@code monitoring.devices}) first held every registry device (docs/benchmarks.md).
 *
 * <p>Arguments: {@code <postgres port> <kafka port> <timeout seconds> [--measure] [--sync-ran] [--group <consumer group>]...}: each
 * named group must have started reading (a group that never committed is otherwise invisible); {@code --sync-ran}
 * waits for a first finished registry sync (sync-service fills an empty registry at its first start).
 */
public final class DeviceViewsCaughtUp {

    private static final Duration POLL = Duration.ofMillis(250);

    private DeviceViewsCaughtUp() {}

    public static void main(String[] args) throws Exception {
        int pgPort = Integer.parseInt(args[0]);
        int kafkaPort = Integer.parseInt(args[1]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[2]));
        boolean measure = false;
        boolean syncRan = false;
        List<String> required = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--measure")) {
                measure = true;
            } else if (args[i].equals("--sync-ran")) {
                syncRan = true;
            } else if (args[i].equals("--group") && i + 1 < args.length) {
                required.add(args[++i]);
            }
        }
        String jdbc = "jdbc:postgresql://localhost:" + pgPort + "/" + LocalInfrastructure.DB_NAME;
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:" + kafkaPort,
                // each call must fit in the API timeout: the request timeout (default 30 s) may not exceed it
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000);
        Instant deadline = Instant.now().plus(timeout);
        Instant lastReport = Instant.EPOCH;
        Map<String, Instant> firstSeen = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(
                        jdbc, LocalInfrastructure.DB_USER, LocalInfrastructure.DB_PASSWORD);
                Admin kafka = Admin.create(adminConfig)) {
            while (true) {
                String waitingFor = waitingFor(db, kafka, required, syncRan);
                if (measure) {
                    noteMilestones(db, firstSeen);
                }
                if (waitingFor == null) {
                    if (measure) {
                        report(db, firstSeen);
                    }
                    System.out.println("device views caught up with the registry");
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    System.out.println(
                            "device views not caught up within " + timeout.toSeconds() + " s: " + waitingFor);
                    System.exit(1);
                }
                if (Duration.between(lastReport, Instant.now()).toSeconds() >= 5) {
                    System.out.println("waiting for the device views: " + waitingFor);
                    lastReport = Instant.now();
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** @return what is not caught up yet, or null when everything is */
    private static String waitingFor(Connection db, Admin kafka, List<String> required, boolean syncRan)
            throws Exception {
        if (syncRan
                && (!exists(db, "registry.sync_runs")
                        || count(db, "SELECT count(*) FROM registry.sync_runs WHERE finished_at IS NOT NULL") == 0)) {
            return "the first registry sync";
        }
        if (exists(db, "registry.sync_runs")) {
            long running = count(db, "SELECT count(*) FROM registry.sync_runs WHERE status = 'running'");
            if (running > 0) {
                return "a registry sync is running";
            }
            long unpublished = count(db, "SELECT count(*) FROM registry.outbox WHERE parked_at IS NULL");
            if (unpublished > 0) {
                return unpublished + " registry events not yet published";
            }
        }
        List<String> behind = new ArrayList<>();
        for (Map.Entry<String, Long> group : groupsBehind(kafka, required).entrySet()) {
            behind.add(group.getKey() + " " + group.getValue() + " records behind");
        }
        return behind.isEmpty() ? null : String.join(", ", behind);
    }

    /** Consumer groups with committed offsets on the devices topic, and how far each is behind its end. */
    private static Map<String, Long> groupsBehind(Admin kafka, List<String> required)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        kafka.describeTopics(List.of(Topics.DEVICES))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(Topics.DEVICES)
                .partitions()
                .forEach(p -> latest.put(new TopicPartition(Topics.DEVICES, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                kafka.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        long total = ends.values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                .sum();
        java.util.Set<String> groups = new java.util.TreeSet<>(required);
        for (ConsumerGroupListing group : kafka.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
            groups.add(group.groupId());
        }
        Map<String, Long> behind = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            boolean reads = committed.keySet().stream().anyMatch(p -> p.topic().equals(Topics.DEVICES));
            if (!reads && !(required.contains(group) && total > 0)) {
                continue;
            }
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            if (lag > 0) {
                behind.put(group, lag);
            }
        }
        return behind;
    }

    /** The device views of the services that run; each is measured from the sync's commit to holding the registry. */
    private static final List<String> DEVICE_VIEWS =
            List.of("inspection.devices", "scheduling.devices", "monitoring.devices");

    private static final String PUBLISHED = "registry outbox empty (every snapshot on Kafka)";

    /** Remembers when the registry's outbox first emptied and when each device view first held every device. */
    private static void noteMilestones(Connection db, Map<String, Instant> firstSeen) throws SQLException {
        if (!exists(db, "registry.devices")
                || count(db, "SELECT count(*) FROM registry.sync_runs WHERE finished_at IS NOT NULL") == 0) {
            return;
        }
        if (!firstSeen.containsKey(PUBLISHED)
                && count(db, "SELECT count(*) FROM registry.outbox WHERE parked_at IS NULL") == 0) {
            firstSeen.put(PUBLISHED, Instant.now());
        }
        long registry = count(db, "SELECT count(*) FROM registry.devices");
        for (String view : DEVICE_VIEWS) {
            if (!firstSeen.containsKey(view)
                    && exists(db, view)
                    && registry > 0
                    && count(db, "SELECT count(*) FROM " + view) >= registry) {
                firstSeen.put(view, Instant.now());
            }
        }
    }

    private static void report(Connection db, Map<String, Instant> firstSeen) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet last = statement.executeQuery(
                        "SELECT finished_at, mode FROM registry.sync_runs WHERE finished_at IS NOT NULL"
                                + " ORDER BY finished_at DESC LIMIT 1")) {
            if (!last.next() || firstSeen.isEmpty()) {
                System.out.println("measure: no finished sync run or no view ever held the registry");
                return;
            }
            OffsetDateTime committed = last.getObject("finished_at", OffsetDateTime.class);
            long devices = count(db, "SELECT count(*) FROM registry.devices");
            for (Map.Entry<String, Instant> milestone : firstSeen.entrySet()) {
                double seconds = Duration.between(committed.toInstant(), milestone.getValue())
                                .toMillis()
                        / 1000.0;
                String what = milestone.getKey().equals(PUBLISHED)
                        ? PUBLISHED
                        : milestone.getKey() + " held all " + devices + " registry devices";
                System.out.printf(
                        "measure: %s %.1f s after the %s sync's commit%n", what, seconds, last.getString("mode"));
            }
        }
    }

    private static boolean exists(Connection db, String table) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
