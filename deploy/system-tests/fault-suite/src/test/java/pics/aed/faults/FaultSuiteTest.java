package pics.aed.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import pics.aed.events.Topics;
import pics.aed.faults.FaultRunner.Fault;
import pics.aed.faults.LocalStack.Infra;
import pics.aed.faults.LocalStack.Service;

/**
 * The platform under faults (issue 16): the local stack's real processes, a steady write load, and after each fault
 * the checks that nothing was lost or duplicated, that the invariants hold and that the projections converged. The
 * last test plants a violation for each check and shows that it reports it.
 *
 * <p>{@code aedpics.faults.mode}: {@code short} (in {@code ./mvnw verify}: a SIGKILL of sessions-service, Kafka stopped
 * for 30 s, a PostgreSQL restart, every e-gen fault during one sync) or {@code soak} ({@code -Pfault-soak}: every
 * fault once, then 30 minutes with a fault every 2 minutes). The fault table goes to
 * {@code target/fault-suite/fault-table.md}; the processes' logs to {@code target/fault-suite/logs/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final Path WORK = Path.of("target", "fault-suite").toAbsolutePath();
    private static final boolean SOAK = "soak".equals(System.getProperty("aedpics.faults.mode", "short"));
    private static final Duration SOAK_LENGTH = Duration.parse(System.getProperty("aedpics.faults.soak", "PT30M"));
    private static final Duration SOAK_EVERY = Duration.ofMinutes(2);
    private static final Duration CHECK_BOUND = Duration.ofMinutes(3);
    /** Short: 2 areas × (2 inspectors + 1 admin) writing flat out; soak (the pom's profile): 300 users at a human pace. */
    private static final LoadGenerator.Crowd CROWD = new LoadGenerator.Crowd(
            Integer.getInteger("aedpics.faults.areas", 2),
            Integer.getInteger("aedpics.faults.inspectors-per-area", 2),
            Duration.parse(System.getProperty("aedpics.faults.think", "PT0S")));

    private static LocalStack stack;
    private static DevTokens tokens;
    private static LoadGenerator load;
    private static EventCheck events;
    private static RegistryCheck registry;
    private static EgenFaults egen;
    private static FaultRunner runner;
    private static final List<FaultRunner.Row> rows = new ArrayList<>();

    @BeforeAll
    static void startTheStackUnderLoad() throws Exception {
        Path repo = repository();
        int devices = Integer.getInteger("aedpics.faults.egen-devices", 3000);
        stack = new LocalStack(repo, WORK, devices);
        tokens = new DevTokens(repo);
        tokens.service("fault-suite"); // fails here, not after the stack started, when the key cannot be read
        stack.start();

        events = new EventCheck(stack);
        events.startRecording();
        awaitEmptyOutboxes();
        events.takeBaseline();

        egen = new EgenFaults(stack, tokens, null);
        assertThat(egen.cleanSync()).as("the first full sync").isEqualTo("succeeded");
        List<LoadGenerator.Area> areas = areas(CROWD.areas(), CROWD.inspectorsPerArea());
        registry = new RegistryCheck(stack, areas);
        egen = new EgenFaults(stack, tokens, registry);
        load = new LoadGenerator(stack, tokens, areas, CROWD, Duration.ofMinutes(2));
        System.out.println("[fault-suite] " + CROWD);
        runner = new FaultRunner(
                load,
                events,
                new InvariantCheck(stack, tokens),
                new WritesCheck(stack, load),
                new ProjectionCheck(stack),
                CHECK_BOUND);
        FaultRunner.Outcome start = runner.awaitChecks();
        assertThat(start.findings()).as("the stack before any load").isEmpty();
        load.start();
        Thread.sleep(10_000);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (load != null) {
                load.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
            ChildProcess.killEverything();
        }
    }

    @Test
    @Order(1)
    void afterEachFaultNothingIsLostOrDuplicated() throws Exception {
        List<Fault> plan = SOAK ? everyFault() : shortForm();
        List<FaultRunner.Row> mine = new ArrayList<>();
        for (Fault fault : plan) {
            mine.add(run(fault));
        }
        assertNothingFound(mine);
    }

    @Test
    @Order(2)
    void soakWithAFaultEveryTwoMinutes() throws Exception {
        if (!SOAK) {
            return;
        }
        List<Fault> cycle = soakCycle();
        List<FaultRunner.Row> mine = new ArrayList<>();
        long end = System.nanoTime() + SOAK_LENGTH.toNanos();
        for (int i = 0; System.nanoTime() < end; i++) {
            long next = System.nanoTime() + SOAK_EVERY.toNanos();
            Fault fault = cycle.get(i % cycle.size());
            mine.add(run(new Fault("soak " + (i + 1) + ": " + fault.name(), fault.injection())));
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        assertNothingFound(mine);
    }

    /** Each check against a violation planted on purpose: it must report it. Runs last: it breaks the data. */
    @Test
    @Order(3)
    void eachCheckReportsAPlantedViolation() throws Exception {
        load.pause(Duration.ofMinutes(3));
        List<String> succeededSchedules = load.succeeded.stream()
                .filter(w -> w.kind() == LoadGenerator.Kind.SCHEDULE)
                .map(LoadGenerator.Succeeded::id)
                .toList();
        assertThat(succeededSchedules).isNotEmpty();
        // an inspector every one of whose starts got an answer: an extra session cannot hide behind an unknown one
        String inspector = load.succeeded.stream()
                .filter(w -> w.kind() == LoadGenerator.Kind.START)
                .map(LoadGenerator.Succeeded::actor)
                .filter(actor -> load.gaveUp.stream()
                        .noneMatch(g -> g.kind() == LoadGenerator.Kind.START
                                && g.actor().equals(actor)))
                .findFirst()
                .orElseThrow();
        try (Connection c = stack.superuser()) {
            // invariants: the index and the constraint dropped, a second open session and an overlapping schedule
            Sql.execute(c, "DROP INDEX inspection.sessions_one_open_per_device");
            Sql.execute(c, """
                    INSERT INTO inspection.sessions (id, equipment_serial, inspector_id, sido, gugun, status,
                                                     device_snapshot)
                    SELECT gen_random_uuid(), s.equipment_serial, 'planted', s.sido, s.gugun, 'active',
                           s.device_snapshot
                      FROM (SELECT * FROM inspection.sessions ORDER BY started_at LIMIT 1) s
                     CROSS JOIN generate_series(1, 2)""");
            Sql.execute(c, "ALTER TABLE scheduling.schedules DROP CONSTRAINT schedules_no_overlap");
            Sql.execute(c, """
                    INSERT INTO scheduling.schedules (id, equipment_serial, sido, gugun, assignee_id, scheduled_for,
                                                      due_at, slot, created_by)
                    SELECT gen_random_uuid(), equipment_serial, sido, gugun, assignee_id, scheduled_for, due_at, slot,
                           'planted'
                      FROM scheduling.schedules WHERE status <> 'cancelled' ORDER BY created_at LIMIT 1""");
            // a write the client saw succeed, deleted; a session the client never started
            Sql.execute(
                    c,
                    "DELETE FROM scheduling.schedules WHERE id = ?::uuid",
                    succeededSchedules.get(succeededSchedules.size() - 1));
            Sql.execute(c, """
                    INSERT INTO inspection.sessions (id, equipment_serial, inspector_id, sido, gugun, status,
                                                     device_snapshot, cancelled_at, cancel_reason)
                    SELECT gen_random_uuid(), equipment_serial, inspector_id, sido, gugun, 'cancelled',
                           device_snapshot, now(), 'planted'
                      FROM inspection.sessions WHERE inspector_id = ? LIMIT 1""", inspector);
            // a consumer's record of an applied event removed
            Sql.execute(c, """
                    DELETE FROM scheduling.processed_events
                     WHERE (consumer, event_id) IN (
                           SELECT p.consumer, p.event_id FROM scheduling.processed_events p
                             JOIN faultsuite.committed_events e ON e.event_id = p.event_id
                            WHERE e.topic = 'aed.devices.v1' ORDER BY e.recorded_at DESC LIMIT 1)""");
            // projections: a device view a version behind, an assignment with another status, readiness forgetting
            Sql.execute(c, """
                    UPDATE inspection.devices SET registry_version = registry_version - 1
                     WHERE equipment_serial = (SELECT min(equipment_serial) FROM inspection.devices)""");
            Sql.execute(c, """
                    UPDATE inspection.assignments SET schedule_status = 'missed'
                     WHERE id = (SELECT id FROM inspection.assignments WHERE schedule_status = 'scheduled' LIMIT 1)""");
            Sql.execute(c, """
                    UPDATE monitoring.devices SET last_session_completed_on = NULL
                     WHERE equipment_serial = (SELECT equipment_serial FROM inspection.sessions
                                                WHERE status = 'completed' LIMIT 1)""");
        }
        String registryBefore = registry.hash();
        try (Connection c = stack.superuser()) {
            Sql.execute(c, """
                    UPDATE registry.devices SET model = model || ' (planted)'
                     WHERE NOT (sido || '/' || gugun = ANY(?))
                       AND equipment_serial = (SELECT min(equipment_serial) FROM registry.devices
                                                WHERE NOT (sido || '/' || gugun = ANY(?)))""", areaKeys(), areaKeys());
        }
        assertThat(registry.hash())
                .as("the registry hash sees one changed column")
                .isNotEqualTo(registryBefore);

        skipTheRelaysDeletes();
        deleteTheFirstRecordsOfATopic();

        List<String> reported =
                runner.lookOnce().findings().stream().map(Finding::check).toList();
        assertThat(reported)
                .contains(
                        "duplicated: duplicate open sessions (SQL)",
                        "duplicated: duplicate open sessions (monitoring audit)",
                        "duplicated: overlapping schedules (SQL)",
                        "duplicated: overlapping schedules (monitoring audit)",
                        "lost: a write the client saw succeed is not in the database",
                        "duplicated: more rows than the client's writes",
                        "not applied: an event a consumer handles is not in its processed_events",
                        "duplicated on topic outside any fault",
                        "lost: committed event not on its topic",
                        "not converged: device view of sessions-service",
                        "not converged: assignments of sessions-service",
                        "not converged: readiness view of monitoring-service (inspections)");
    }

    /**
     * The example: with the relay's deletion of published rows skipped (a rule turns the DELETE on
     * scheduling.outbox into nothing), the relay publishes the same rows again on every poll, and the event check
     * reports duplicates outside any fault.
     */
    private static void skipTheRelaysDeletes() throws Exception {
        try (Connection c = stack.superuser()) {
            Sql.execute(
                    c, "CREATE RULE faultsuite_keep_published AS ON DELETE TO scheduling.outbox DO INSTEAD NOTHING");
        }
        LoadGenerator.Area area = load.areas().get(0);
        String admin = tokens.localAdmin("planted-admin", area.sido(), area.gugun());
        OffsetDateTime at = OffsetDateTime.now().plusYears(5);
        SuiteHttp.Reply created = SuiteHttp.post(
                stack.url(Service.SCHEDULES) + "/api/schedules",
                admin,
                "{\"equipmentSerial\": \"" + area.devices().get(0) + "\", \"scheduledFor\": \"" + at
                        + "\", \"assigneeId\": \"planted\"}");
        assertThat(created.status())
                .as("a schedule while the relay keeps its rows")
                .isEqualTo(201);
        Thread.sleep(5_000);
        try (Connection c = stack.superuser()) {
            Sql.execute(c, "DROP RULE faultsuite_keep_published ON scheduling.outbox");
        }
    }

    /** A committed event lost from its topic: the records before an offset deleted (Kafka's DeleteRecords). */
    private static void deleteTheFirstRecordsOfATopic() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            Map<String, EventCheck.Copies> onTopics = events.readTopics();
            assertThat(onTopics.values()).anyMatch(copies -> copies.topic.equals(Topics.SESSIONS));
            for (int partition = 0; partition < partitionsOf(Topics.SESSIONS); partition++) {
                TopicPartition p = new TopicPartition(Topics.SESSIONS, partition);
                long end = admin.listOffsets(Map.of(p, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .partitionResult(p)
                        .get()
                        .offset();
                if (end > 0) {
                    admin.deleteRecords(Map.of(p, RecordsToDelete.beforeOffset(end)))
                            .all()
                            .get();
                    return;
                }
            }
        }
    }

    private static int partitionsOf(String topic) {
        return Topics.ALL.stream()
                .filter(t -> t.name().equals(topic))
                .findFirst()
                .orElseThrow()
                .partitions();
    }

    // ---- the faults ----------------------------------------------------------------------------------------------

    private static List<Fault> shortForm() {
        return List.of(
                killAndRestart(Service.SESSIONS),
                stopKafka(Duration.ofSeconds(30)),
                restartPostgres(),
                new Fault("every e-gen fault at once during a full sync", () -> egen.duringASync(EgenFaults.all())));
    }

    private static List<Fault> everyFault() {
        List<Fault> all = new ArrayList<>();
        for (Service service : Service.values()) {
            all.add(killAndRestart(service));
        }
        all.add(stopKafka(Duration.ofSeconds(30)));
        all.add(killAndRestartKafka());
        all.add(restartPostgres());
        all.add(new Fault("every e-gen fault at once during a full sync", () -> egen.duringASync(EgenFaults.all())));
        for (Map.Entry<String, String> fault : EgenFaults.EACH.entrySet()) {
            all.add(new Fault(
                    "e-gen " + fault.getKey() + " during a full sync", () -> egen.duringASync(fault.getValue())));
        }
        return all;
    }

    /**
     * Every fault, the process and infrastructure faults taking turns with the e-gen ones, so that the kills and
     * restarts are spread over the soak (the last ones meet the most accumulated data), not all in its first minutes.
     */
    private static List<Fault> soakCycle() {
        List<Fault> platform = new ArrayList<>();
        List<Fault> feed = new ArrayList<>();
        for (Fault fault : everyFault()) {
            (fault.name().contains("e-gen") ? feed : platform).add(fault);
        }
        List<Fault> cycle = new ArrayList<>();
        for (int i = 0; i < Math.max(platform.size(), feed.size()); i++) {
            if (i < platform.size()) {
                cycle.add(platform.get(i));
            }
            if (i < feed.size()) {
                cycle.add(feed.get(i));
            }
        }
        return cycle;
    }

    private static Fault killAndRestart(Service service) {
        return new Fault("SIGKILL " + service.module + ", restart", () -> {
            stack.killService(service);
            stack.startService(service);
            return List.of();
        });
    }

    private static Fault stopKafka(Duration howLong) {
        return new Fault("Kafka broker SIGSTOP " + howLong.toSeconds() + " s, SIGCONT", () -> {
            ChildProcess kafka = stack.infra(Infra.KAFKA);
            kafka.signal("STOP");
            try {
                Thread.sleep(howLong.toMillis());
            } finally {
                kafka.signal("CONT");
            }
            return List.of();
        });
    }

    private static Fault killAndRestartKafka() {
        return new Fault("Kafka broker SIGKILL, restart", () -> {
            stack.killInfra(Infra.KAFKA);
            stack.startInfra(Infra.KAFKA);
            return List.of();
        });
    }

    private static Fault restartPostgres() {
        return new Fault("PostgreSQL restart (fast shutdown, start)", () -> {
            stack.stopInfra(Infra.POSTGRES);
            stack.startInfra(Infra.POSTGRES);
            return List.of();
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static FaultRunner.Row run(Fault fault) throws Exception {
        FaultRunner.Row row = runner.run(fault);
        synchronized (rows) {
            rows.add(row);
            writeTable();
        }
        System.out.println("[fault-suite] " + row.markdown() + (row.findings().isEmpty() ? "" : " " + row.findings()));
        return row;
    }

    private static void assertNothingFound(List<FaultRunner.Row> mine) {
        List<String> failures = new ArrayList<>();
        for (FaultRunner.Row row : mine) {
            if (!row.findings().isEmpty()) {
                failures.add(row.fault() + ": " + row.findings());
            }
        }
        assertThat(failures)
                .as("what the checks still found after each fault's bounded wait")
                .isEmpty();
    }

    private static void writeTable() throws Exception {
        StringBuilder table = new StringBuilder(FaultRunner.TABLE_HEADER).append('\n');
        for (FaultRunner.Row row : rows) {
            table.append(row.markdown()).append('\n');
        }
        table.append('\n').append(load.summary()).append('\n');
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("fault-table.md"), table);
    }

    private static void awaitEmptyOutboxes() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (events.pendingInOutboxes() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the outboxes did not drain before the run");
            }
            Thread.sleep(200);
        }
    }

    /** The areas with the most active devices (a device for each inspector at least), for the load. */
    private static List<LoadGenerator.Area> areas(int count, int inspectorsPerArea) throws Exception {
        try (Connection c = stack.superuser()) {
            List<LoadGenerator.Area> areas = new ArrayList<>();
            for (String[] row : Sql.rows(c, """
                    SELECT sido, gugun, string_agg(equipment_serial, ',' ORDER BY equipment_serial)
                      FROM registry.devices WHERE data_status = 'active'
                     GROUP BY sido, gugun HAVING count(*) >= ?
                     ORDER BY count(*) DESC, sido, gugun LIMIT ?""", inspectorsPerArea, count)) {
                areas.add(new LoadGenerator.Area(row[0], row[1], Arrays.asList(row[2].split(","))));
            }
            return areas;
        }
    }

    private static String[] areaKeys() {
        return load.areas().stream().map(a -> a.sido() + "/" + a.gugun()).toArray(String[]::new);
    }

    private static Path repository() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("deploy/local/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "not inside the aedpics repository: " + Path.of("").toAbsolutePath());
    }
}
