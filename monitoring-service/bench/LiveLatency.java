import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The live stream's latency benchmark (docs/benchmarks.md): N SSE subscribers on GET /api/monitoring/events, events
 * published on inspection.sessions.v1 as sessions-service's outbox relay does, latency = SSE receipt minus the moment
 * the producer handed the event to Kafka (so it includes the broker, the consumer, the log's commit, NOTIFY, the hub
 * and the socket). Run by live-latency.sh; arguments: base URL, token, Kafka bootstrap, subscriber counts, events per
 * second, seconds.
 */
public class LiveLatency {

    private static final int BUCKETS = 120_000; // 0.5 ms buckets up to 60 s; later receipts go in the last one
    private static final String MARK = "\"sentAtMicros\":";

    public static void main(String[] args) throws Exception {
        URI stream = URI.create(args[0] + "/api/monitoring/events?types=pics.aed.session.started");
        URI metrics = URI.create(args[0] + "/q/metrics");
        String token = args[1];
        String kafka = args[2];
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            for (String count : args[3].split(",")) {
                scenario(http, stream, metrics, token, producer, kafka, Integer.parseInt(count), rate, seconds);
            }
        }
        System.exit(0);
    }

    private static void scenario(
            HttpClient http,
            URI stream,
            URI metrics,
            String token,
            KafkaProducer<String, String> producer,
            String kafkaBootstrap,
            int subscribers,
            int rate,
            int seconds)
            throws Exception {
        AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
        AtomicLong received = new AtomicLong();
        AtomicLong measuring = new AtomicLong(0); // 0 warm-up, 1 measuring
        CountDownLatch connected = new CountDownLatch(subscribers);
        List<Flow.Subscription> connections = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            HttpRequest request = HttpRequest.newBuilder(stream)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .build();
            http.sendAsync(
                    request,
                    info -> HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<>() {
                        @Override
                        public void onSubscribe(Flow.Subscription subscription) {
                            synchronized (connections) {
                                connections.add(subscription);
                            }
                            subscription.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(String line) {
                            if (line.startsWith(":aedpics")) {
                                connected.countDown();
                            } else if (line.startsWith("data:") && measuring.get() == 1) {
                                int at = line.indexOf(MARK);
                                if (at > 0) {
                                    int end = line.indexOf('}', at);
                                    long sent = Long.parseLong(line.substring(at + MARK.length(), end)
                                            .trim());
                                    long micros = nowMicros() - sent;
                                    histogram.incrementAndGet(bucket(micros));
                                    received.incrementAndGet();
                                }
                            }
                        }

                        @Override
                        public void onError(Throwable throwable) {}

                        @Override
                        public void onComplete() {}
                    }));
        }
        if (!connected.await(120, TimeUnit.SECONDS)) {
            System.out.printf("only %d of %d subscribers connected%n", subscribers - connected.getCount(), subscribers);
        }
        // Warm-up, not measured: until every subscriber has received the warm-up events (the service's consumer may
        // still be joining its group right after a start).
        AtomicLong warmedUp = received;
        measuring.set(1);
        long warmUpEvents = publish(producer, rate, 5);
        long warmUpDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (warmedUp.get() < warmUpEvents * subscribers && System.nanoTime() < warmUpDeadline) {
            Thread.sleep(100);
        }
        measuring.set(0);
        Thread.sleep(2000);
        received.set(0);
        for (int i = 0; i < BUCKETS; i++) {
            histogram.set(i, 0);
        }
        KafkaBaseline baseline = new KafkaBaseline(kafkaBootstrap);
        baseline.start();
        measuring.set(1);
        MetricsSampler sampler = new MetricsSampler(http, metrics);
        sampler.start();
        long published = publish(producer, rate, seconds);
        long expected = published * subscribers;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        sampler.stop();
        baseline.stop();
        measuring.set(2);
        synchronized (connections) {
            connections.forEach(Flow.Subscription::cancel);
        }
        System.out.printf(
                "subscribers=%d events=%d (%d/s for %d s) receipts=%d/%d p50=%.1f ms p99=%.1f ms max=%.1f ms"
                        + " | service heap max %.0f MiB, process CPU avg %.0f %% of the machine%n",
                subscribers,
                published,
                rate,
                seconds,
                received.get(),
                expected,
                percentile(histogram, 0.50),
                percentile(histogram, 0.99),
                percentile(histogram, 1.0),
                sampler.maxHeapBytes / 1048576.0,
                sampler.averageCpu() * 100);
        System.out.printf(
                "   baseline, same events read by a plain Kafka consumer in this JVM: receipts=%d p50=%.1f ms"
                        + " p99=%.1f ms%n",
                baseline.received.get(), percentile(baseline.histogram, 0.50), percentile(baseline.histogram, 0.99));
        Thread.sleep(3000);
    }

    private static long publish(KafkaProducer<String, String> producer, int rate, int seconds) throws Exception {
        long count = (long) rate * seconds;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String serial = "BENCH-" + (i % 50);
            String id = UUID.randomUUID().toString();
            long sent = nowMicros();
            String data = "{\"sessionId\":\"" + id + "\",\"equipmentSerial\":\"" + serial
                    + "\",\"inspectorId\":\"bench\",\"status\":\"active\",\"version\":1,\"changedAt\":\""
                    + OffsetDateTime.now(ZoneOffset.UTC) + "\"," + MARK + sent + "}";
            ProducerRecord<String, String> record = new ProducerRecord<>("inspection.sessions.v1", serial, data);
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", id);
            header(record, "ce_source", "/aedpics/sessions-service");
            header(record, "ce_type", "pics.aed.session.started");
            header(record, "ce_subject", serial);
            header(record, "ce_time", OffsetDateTime.now(ZoneOffset.UTC).toString());
            header(record, "content-type", "application/json");
            producer.send(record);
            producer.flush();
        }
        return count;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("acks", "all");
        config.put("linger.ms", "0");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static int bucket(long micros) {
        return (int) Math.min(BUCKETS - 1, Math.max(0, micros / 500));
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static double percentile(AtomicLongArray histogram, double quantile) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += histogram.get(i);
        }
        long rank = (long) Math.ceil(total * quantile);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += histogram.get(i);
            if (seen >= rank && seen > 0) {
                return (i + 1) / 2.0;
            }
        }
        return Double.NaN;
    }

    /** The same events read straight from the topic: what Kafka alone costs on this machine at this moment. */
    private static final class KafkaBaseline {
        final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
        final AtomicLong received = new AtomicLong();
        private final org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer;
        private volatile boolean running = true;
        private Thread thread;

        KafkaBaseline(String bootstrap) {
            Properties config = new Properties();
            config.put("bootstrap.servers", bootstrap);
            config.put("enable.auto.commit", "false");
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                    config,
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.StringDeserializer());
            List<org.apache.kafka.common.TopicPartition> partitions =
                    consumer.partitionsFor("inspection.sessions.v1").stream()
                            .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        void start() {
            thread = new Thread(this::loop, "kafka-baseline");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private void loop() {
            try (consumer) {
                while (running) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        int at = record.value().indexOf(MARK);
                        if (at > 0) {
                            int end = record.value().indexOf('}', at);
                            long sent = Long.parseLong(record.value()
                                    .substring(at + MARK.length(), end)
                                    .trim());
                            histogram.incrementAndGet(bucket(nowMicros() - sent));
                            received.incrementAndGet();
                        }
                    }
                }
            }
        }
    }

    /** Reads the service's heap and CPU from its Prometheus endpoint once a second. */
    private static final class MetricsSampler {
        private final HttpClient http;
        private final URI metrics;
        private volatile boolean running = true;
        private volatile double maxHeapBytes;
        private double cpuSum;
        private int cpuSamples;
        private Thread thread;

        MetricsSampler(HttpClient http, URI metrics) {
            this.http = http;
            this.metrics = metrics;
        }

        void start() {
            thread = new Thread(this::loop, "metrics-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        synchronized double averageCpu() {
            return cpuSamples == 0 ? Double.NaN : cpuSum / cpuSamples;
        }

        private void loop() {
            while (running) {
                try {
                    String text = http.send(
                                    HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                            .body();
                    double heap = 0;
                    for (String line : text.split("\n")) {
                        if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                            heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        } else if (line.startsWith("process_cpu_usage")) {
                            synchronized (this) {
                                cpuSum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                                cpuSamples++;
                            }
                        }
                    }
                    maxHeapBytes = Math.max(maxHeapBytes, heap);
                    Thread.sleep(1000);
                } catch (Exception e) {
                    return;
                }
            }
        }
    }
}
