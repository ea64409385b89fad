package pics.aed.faults;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import pics.aed.events.CloudEvent;
import pics.aed.events.Topics;

/**
 * Every committed change has its event on its topic, once, and every consumer applied it, once.
 *
 * <p>The outbox rows are deleted once published, so the suite records what was committed: a trigger (installed by
 * the database's superuser, after the services migrated and before the first event of the run) copies each row
 * inserted into a schema's {@code outbox} into {@code faultsuite.committed_events}, in the inserting transaction,
 * so a rolled-back change leaves no row and a committed one exactly its events. The topics are read from the offsets
 * they had when recording began; each consumer's {@code processed_events} says what it applied.
 */
final class EventCheck {

    static final List<String> SCHEMAS = List.of("inspection", "scheduling", "registry", "monitoring");
    /** Identifiers from the fixed list above; a trigger cannot take its table as a parameter. */
    private static final String RECORDER = """
            CREATE SCHEMA IF NOT EXISTS faultsuite;
            CREATE TABLE IF NOT EXISTS faultsuite.committed_events (
                schema_name text NOT NULL,
                event_id    text NOT NULL,
                topic       text NOT NULL,
                event_type  text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT committed_events_pkey PRIMARY KEY (schema_name, event_id));
            CREATE OR REPLACE FUNCTION faultsuite.record_committed_event() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
            BEGIN
                INSERT INTO faultsuite.committed_events (schema_name, event_id, topic, event_type)
                VALUES (TG_TABLE_SCHEMA, NEW.event_id, NEW.topic, NEW.event_type);
                RETURN NULL;
            END $$;
            """;

    /** One event as the topics hold it. */
    static final class Copies {
        final String topic;
        final String type;
        final long firstTimestamp;
        int count;

        Copies(String topic, String type, long firstTimestamp) {
            this.topic = topic;
            this.type = type;
            this.firstTimestamp = firstTimestamp;
        }
    }

    /** The result of one look: findings, and the redeliveries a fault explains (harmless, counted). */
    record Result(List<Finding> findings, int redelivered, int committed, int onTopics) {}

    private final LocalStack stack;
    private final Map<TopicPartition, Long> baseline = new HashMap<>();
    /** The database's time just after the baseline offsets were read: an event recorded later is on a topic after them. */
    private String baselineTime = "-infinity";

    EventCheck(LocalStack stack) {
        this.stack = stack;
    }

    /** Installs the recorder on every outbox; the baseline is taken once the outboxes are empty. */
    void startRecording() throws SQLException {
        try (Connection c = stack.superuser();
                Statement s = c.createStatement()) {
            s.execute(RECORDER);
            for (String schema : SCHEMAS) {
                s.execute("DROP TRIGGER IF EXISTS faultsuite_record ON " + schema + ".outbox");
                s.execute("CREATE TRIGGER faultsuite_record AFTER INSERT ON " + schema
                        + ".outbox FOR EACH ROW EXECUTE FUNCTION faultsuite.record_committed_event()");
            }
        }
    }

    /** The topics' end offsets now: only records after them are compared (call with the outboxes empty). */
    void takeBaseline() throws SQLException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            baseline.putAll(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
        try (Connection c = stack.superuser()) {
            baselineTime = Sql.strings(c, "SELECT clock_timestamp()::text").get(0);
        }
    }

    long pendingInOutboxes() throws SQLException {
        long pending = 0;
        try (Connection c = stack.superuser()) {
            for (String schema : SCHEMAS) {
                pending += Sql.count(c, "SELECT count(*) FROM " + schema + ".outbox WHERE parked_at IS NULL");
            }
        }
        return pending;
    }

    /** Rows older than two seconds still in an outbox: events are not flowing. */
    long stuckInOutboxes() throws SQLException {
        long stuck = 0;
        try (Connection c = stack.superuser()) {
            for (String schema : SCHEMAS) {
                stuck += Sql.count(
                        c,
                        "SELECT count(*) FROM " + schema
                                + ".outbox WHERE parked_at IS NULL AND created_at < now() - interval '2 seconds'");
            }
        }
        return stuck;
    }

    /**
     * Looks once. {@code explained} says whether a time (ms) lies within a fault: an event whose first copy was sent
     * then may be sent again (the relay publishes at least once: a crash between the broker's acknowledgement and the
     * delete republishes), which consumers absorb; a duplicate outside any fault is a finding.
     */
    Result check(LongPredicate explained) throws SQLException {
        Map<String, Copies> onTopics = readTopics();
        List<Finding> findings = new ArrayList<>();
        try (Connection c = stack.superuser()) {
            Map<String, String> committed = new HashMap<>();
            for (String[] row : Sql.rows(
                    c,
                    "SELECT event_id, topic FROM faultsuite.committed_events WHERE recorded_at > ?::timestamptz",
                    baselineTime)) {
                committed.put(row[0], row[1]);
            }
            Set<String> committedBefore = new HashSet<>(Sql.strings(
                    c,
                    "SELECT event_id FROM faultsuite.committed_events WHERE recorded_at <= ?::timestamptz",
                    baselineTime));
            Set<String> pending = new HashSet<>();
            List<String> parked = new ArrayList<>();
            for (String schema : SCHEMAS) {
                pending.addAll(Sql.strings(c, "SELECT event_id FROM " + schema + ".outbox WHERE parked_at IS NULL"));
                parked.addAll(Sql.strings(c, "SELECT event_id FROM " + schema + ".outbox WHERE parked_at IS NOT NULL"));
            }
            List<String> lost = new ArrayList<>();
            List<String> notYet = new ArrayList<>();
            for (Map.Entry<String, String> event : committed.entrySet()) {
                Copies copies = onTopics.get(event.getKey());
                if (copies == null && pending.contains(event.getKey())) {
                    notYet.add(event.getKey());
                } else if (copies == null || !copies.topic.equals(event.getValue())) {
                    lost.add(event.getValue() + "/" + event.getKey());
                }
            }
            addIfAny(findings, "lost: committed event not on its topic", lost);
            addIfAny(findings, "pending: committed event still in an outbox", notYet);
            addIfAny(findings, "parked: an outbox event Kafka refused", parked);
            List<String> phantoms = new ArrayList<>();
            List<String> duplicated = new ArrayList<>();
            int redelivered = 0;
            for (Map.Entry<String, Copies> event : onTopics.entrySet()) {
                Copies copies = event.getValue();
                if (!committed.containsKey(event.getKey()) && !committedBefore.contains(event.getKey())) {
                    phantoms.add(copies.topic + "/" + event.getKey());
                }
                if (copies.count > 1) {
                    if (explained.test(copies.firstTimestamp)) {
                        redelivered += copies.count - 1;
                    } else {
                        duplicated.add(copies.topic + "/" + event.getKey() + " x" + copies.count);
                    }
                }
            }
            addIfAny(findings, "phantom: event on a topic that no transaction committed", phantoms);
            addIfAny(findings, "duplicated on topic outside any fault", duplicated);
            findings.addAll(consumers(c, onTopics));
            return new Result(findings, redelivered, committed.size(), onTopics.size());
        }
    }

    /**
     * Each consumer (schema and name in {@code processed_events}) applied every event of the types and topics it
     * handles, and no event twice. What it handles is read from what it applied during the run: the topics and types
     * of its processed events.
     */
    private static List<Finding> consumers(Connection c, Map<String, Copies> onTopics) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        Map<String, Set<String>> processed = new HashMap<>();
        for (String schema : SCHEMAS) {
            for (String[] row : Sql.rows(c, "SELECT consumer, event_id FROM " + schema + ".processed_events")) {
                processed
                        .computeIfAbsent(schema + "." + row[0], k -> new HashSet<>())
                        .add(row[1]);
            }
            twice.addAll(Sql.strings(
                    c,
                    "SELECT consumer || '/' || event_id FROM " + schema
                            + ".processed_events GROUP BY consumer, event_id HAVING count(*) > 1"));
        }
        addIfAny(findings, "applied twice: an event id processed twice by one consumer", twice);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> consumer : processed.entrySet()) {
            Set<String> handled = new HashSet<>();
            for (String id : consumer.getValue()) {
                Copies copies = onTopics.get(id);
                if (copies != null) {
                    handled.add(copies.topic + " " + copies.type);
                }
            }
            for (Map.Entry<String, Copies> event : onTopics.entrySet()) {
                Copies copies = event.getValue();
                if (handled.contains(copies.topic + " " + copies.type)
                        && !consumer.getValue().contains(event.getKey())) {
                    missing.add(consumer.getKey() + " " + copies.type + " " + event.getKey());
                }
            }
        }
        addIfAny(findings, "not applied: an event a consumer handles is not in its processed_events", missing);
        return findings;
    }

    private static void addIfAny(List<Finding> findings, String check, List<String> found) {
        if (!found.isEmpty()) {
            findings.add(Finding.of(check, new TreeSet<>(found)));
        }
    }

    /** Every record after the baseline, by event id. */
    Map<String, Copies> readTopics() {
        Map<String, Copies> events = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition p : partitions) {
                consumer.seek(p, baseline.getOrDefault(p, 0L));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = header(record, CloudEvent.HEADER_ID);
                    String type = header(record, CloudEvent.HEADER_TYPE);
                    events.computeIfAbsent(id, k -> new Copies(record.topic(), type, record.timestamp())).count++;
                }
            }
            if (!caughtUp(consumer, end)) {
                throw new IllegalStateException("could not read the topics to their end offsets " + end);
            }
        }
        return events;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(10)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(no " + name + ")" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topics.TopicSpec topic : Topics.ALL) {
            for (PartitionInfo p : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
        }
        return partitions;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
