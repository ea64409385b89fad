import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the sessions-service benchmark (docs/benchmarks.md). Compiled together with deploy/local/Token.java, which
 * mints the inspectors' tokens with the development key.
 *
 * <pre>
 * SessionsLoad pairs <baseUrl> <clients> <seconds> <warmupSeconds> <serialPrefix> <devicesPerClient> [periodMillis]
 *     each client is its own inspector and loops start → complete over its own devices; with a period, a client
 *     begins a pair every period (an open, paced load below saturation) instead of right after the last one
 * SessionsLoad contention <baseUrl> <clients> <serial>
 *     that many inspectors start the same device at once
 * </pre>
 */
public class SessionsLoad {

    static final String SIDO = "서울특별시";
    static final String GUGUN = "중구";
    static final String RESULT = "{\"result\": {\"batteryStatus\": \"good\", \"padStatus\": \"good\","
            + " \"operationStatus\": \"normal\", \"gps\": {\"latitude\": 37.56, \"longitude\": 126.99}}}";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "pairs" ->
                pairs(
                        args[1],
                        Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]),
                        args[5],
                        Integer.parseInt(args[6]),
                        args.length > 7 ? Long.parseLong(args[7]) : 0);
            case "contention" -> contention(args[1], Integer.parseInt(args[2]), args[3]);
            default -> throw new IllegalArgumentException("pairs | contention");
        }
    }

    static String token(String sub) throws Exception {
        Token.Request request = new Token.Request(
                sub, "inspector", SIDO, GUGUN, 7200, Path.of("deploy/local/dev-keys/jwt-private.pem"));
        return Token.mint(request, System.currentTimeMillis() / 1000);
    }

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    static HttpRequest post(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static void pairs(
            String base, int clients, int seconds, int warmup, String prefix, int devicesPerClient, long periodMillis)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long[][] startLatency = new long[clients][];
        long[][] completeLatency = new long[clients][];
        AtomicLong errors = new AtomicLong();
        Map<Integer, AtomicInteger> unexpected = new ConcurrentHashMap<>();
        long warmupEnds = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long ends = warmupEnds + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        AtomicLong measuredPairs = new AtomicLong();
        // one client (one selector thread, a pool of keep-alive connections) for all: the load generator shares the
        // two cores with the service, so it should spend as little of them as it can
        HttpClient http = client();
        for (int c = 0; c < clients; c++) {
            int client = c;
            String token = token("bench-" + prefix + "-" + client);
            pool.submit(() -> {
                List<Long> starts = new ArrayList<>();
                List<Long> completes = new ArrayList<>();
                try {
                    // paced clients start at spread offsets so that their pairs do not arrive in waves
                    long next = System.nanoTime() + (periodMillis * 1_000_000L * client) / clients;
                    for (int d = 0; d < devicesPerClient && System.nanoTime() < ends; d++) {
                        String serial = prefix + "-" + client + "-" + d;
                        if (periodMillis > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                            }
                            next += periodMillis * 1_000_000L;
                        }
                        long t0 = System.nanoTime();
                        HttpResponse<String> started = http.send(
                                post(
                                        base + "/api/inspections/sessions",
                                        token,
                                        "{\"equipmentSerial\": \"" + serial + "\"}"),
                                HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        if (started.statusCode() != 201) {
                            errors.incrementAndGet();
                            unexpected
                                    .computeIfAbsent(started.statusCode(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            continue;
                        }
                        String id = started.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*$", "$1");
                        HttpResponse<String> completed = http.send(
                                post(base + "/api/inspections/sessions/" + id + "/complete", token, RESULT),
                                HttpResponse.BodyHandlers.ofString());
                        long t2 = System.nanoTime();
                        if (completed.statusCode() != 200) {
                            errors.incrementAndGet();
                            unexpected
                                    .computeIfAbsent(completed.statusCode(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            continue;
                        }
                        if (t0 >= warmupEnds && t2 <= ends) {
                            starts.add(t1 - t0);
                            completes.add(t2 - t1);
                            measuredPairs.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    startLatency[client] =
                            starts.stream().mapToLong(Long::longValue).toArray();
                    completeLatency[client] =
                            completes.stream().mapToLong(Long::longValue).toArray();
                    done.countDown();
                }
            });
        }
        done.await();
        pool.shutdown();
        long[] starts = flatten(startLatency);
        long[] completes = flatten(completeLatency);
        long[] all = new long[starts.length + completes.length];
        System.arraycopy(starts, 0, all, 0, starts.length);
        System.arraycopy(completes, 0, all, starts.length, completes.length);
        Arrays.sort(all);
        System.out.printf(
                "clients=%d period=%s measured=%ds pairs=%d pairs/s=%.1f requests/s=%.1f errors=%d unexpected=%s%n",
                clients,
                periodMillis > 0 ? periodMillis + "ms" : "closed-loop",
                seconds,
                measuredPairs.get(),
                measuredPairs.get() / (double) seconds,
                2 * measuredPairs.get() / (double) seconds,
                errors.get(),
                unexpected);
        print("start", starts);
        print("complete", completes);
        print("all", all);
    }

    static void contention(String base, int clients, String serial) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            tokens.add(token("contender-" + serial + "-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong lastAnswer = new AtomicLong();
        HttpClient http = client();
        for (int i = 0; i < clients; i++) {
            String token = tokens.get(i);
            pool.submit(() -> {
                try {
                    HttpRequest request = post(
                            base + "/api/inspections/sessions", token, "{\"equipmentSerial\": \"" + serial + "\"}");
                    ready.countDown();
                    go.await();
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                } catch (Exception e) {
                    statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        ready.await();
        long released = System.nanoTime();
        go.countDown();
        done.await();
        pool.shutdown();
        System.out.printf(
                "contention clients=%d settled_ms=%.0f statuses=%s%n",
                clients, (lastAnswer.get() - released) / 1e6, statuses);
    }

    static long[] flatten(long[][] parts) {
        return Arrays.stream(parts).flatMapToLong(Arrays::stream).sorted().toArray();
    }

    static void print(String name, long[] sorted) {
        if (sorted.length == 0) {
            System.out.println(name + ": no samples");
            return;
        }
        System.out.printf(
                "%-8s n=%d p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms%n",
                name,
                sorted.length,
                pct(sorted, 50),
                pct(sorted, 95),
                pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
