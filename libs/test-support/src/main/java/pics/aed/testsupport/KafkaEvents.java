package pics.aed.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes the test broker's topics with String keys and values, to assert what a service published or
 * to feed it events. Reads use a fresh consumer without a group from the earliest offset, so they see every record
 * the topic holds (shared by all tests of the JVM: filter by key) and disturb no service's committed offsets.
 */
public final class KafkaEvents {

    /** One record as a test sees it; header values decoded as UTF-8, the last of repeated names winning. */
    public record Event(
            String topic,
            int partition,
            long offset,
            String key,
            String value,
            Map<String, String> headers,
            Instant timestamp) {}

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Comparator<Event> IN_TOPIC_ORDER =
            Comparator.comparingInt(Event::partition).thenComparingLong(Event::offset);

    private KafkaEvents() {}

    /** Every record in the topic now, in partition then offset order. */
    public static List<Event> readAll(String topic) {
        long deadline = deadline(READ_TIMEOUT);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            assignFromBeginning(consumer, topic, deadline);
            List<Event> events = new ArrayList<>();
            readToEnd(consumer, events::add, deadline);
            events.sort(IN_TOPIC_ORDER);
            return events;
        }
    }

    /** Every record with this key, e.g. everything published about one device serial. */
    public static List<Event> readAll(String topic, String key) {
        return readAll(topic).stream().filter(event -> key.equals(event.key())).toList();
    }

    /**
     * Waits until the topic holds at least {@code count} records that match, then returns all matching records
     * in the topic at that moment, in partition then offset order (possibly more than {@code count}: assert on the
     * size to prove exactly-once delivery).
     *
     * @throws AssertionError when the timeout passes first, listing what did match
     */
    public static List<Event> awaitRecords(String topic, Predicate<Event> predicate, int count, Duration timeout) {
        long deadline = deadline(timeout);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            assignFromBeginning(consumer, topic, deadline);
            List<Event> matching = new ArrayList<>();
            Consumer<Event> collect = event -> {
                if (predicate.test(event)) {
                    matching.add(event);
                }
            };
            while (matching.size() < count) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("expected " + count + " matching records on " + topic + " within "
                            + timeout + " but found " + matching.size() + ": " + matching);
                }
                consumer.poll(POLL).forEach(record -> collect.accept(event(record)));
            }
            // Whatever else already sits in the topic counts too, so that a duplicate cannot hide behind the count.
            readToEnd(consumer, collect, deadline(READ_TIMEOUT));
            matching.sort(IN_TOPIC_ORDER);
            return matching;
        }
    }

    /** Publishes one record and waits for the broker to acknowledge it; the key picks the partition. */
    public static void publish(String topic, String key, String value, Map<String, String> headers) {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** A record to publish: the key picks the partition. */
    public record Outgoing(String key, String value, Map<String, String> headers) {}

    /**
     * Publishes the records in their order with one producer and waits for the broker to acknowledge all of them:
     * sent together, a consumer polls them in few large batches (where {@link #publish} gives one record per poll).
     */
    public static void publishAll(String topic, List<Outgoing> records) {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (Outgoing outgoing : records) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, outgoing.key(), outgoing.value());
                outgoing.headers()
                        .forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(record));
            }
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    public static void publish(String topic, String key, String value) {
        publish(topic, key, value, Map.of());
    }

    private static Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AedpicsTestServers.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // keep the records of one call together: one request, so a consumer's poll sees them as one batch
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        return config;
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, AedpicsTestServers.kafkaBootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Asking for a misspelt topic must not create it on the broker.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // Only committed records: what a read_committed service consumer would see, never an aborted write.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Waits for the topic's metadata (a service may create it lazily), then reads it from offset 0 on. */
    private static void assignFromBeginning(KafkaConsumer<String, String> consumer, String topic, long deadline) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_TIMEOUT);
        while (infos.isEmpty() && System.nanoTime() - deadline < 0) {
            sleep(POLL);
            infos = consumer.partitionsFor(topic, READ_TIMEOUT);
        }
        if (infos.isEmpty()) {
            throw new AssertionError("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Hands over every record up to the end offsets as they are now. */
    private static void readToEnd(KafkaConsumer<String, String> consumer, Consumer<Event> sink, long deadline) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("could not read " + end.keySet() + " to its end offsets " + end);
            }
            consumer.poll(POLL).forEach(record -> sink.accept(event(record)));
        }
    }

    private static Event event(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(
                    header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Event(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                headers,
                Instant.ofEpochMilli(record.timestamp()));
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
