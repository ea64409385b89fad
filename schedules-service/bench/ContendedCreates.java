import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * n concurrent POST /api/schedules for one device, times spread over one hour (so that all but one or two must
 * lose to the exclusion constraint), all sent at once; prints how long until the last answer and the answers.
 * Usage: java ContendedCreates.java BASE TOKEN SERIAL N
 */
public class ContendedCreates {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String serial = args[2];
        int n = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .executor(java.util.concurrent.Executors.newFixedThreadPool(16))
                .build();
        OffsetDateTime start =
                OffsetDateTime.now(ZoneId.of("Asia/Seoul")).plusDays(3).truncatedTo(ChronoUnit.HOURS);
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OffsetDateTime at = start.plusNanos(3_600_000_000_000L / n * i);
            String body =
                    "{\"equipmentSerial\":\"" + serial + "\",\"scheduledFor\":\"" + at + "\",\"assigneeId\":\"bench\"}";
            requests.add(HttpRequest.newBuilder(URI.create(base + "/api/schedules"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }
        // warm the connection pool so that the measurement is the service, not TCP set-up
        client.send(
                HttpRequest.newBuilder(URI.create(base + "/q/health/live")).build(),
                HttpResponse.BodyHandlers.discarding());
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (HttpRequest request : requests) {
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            statuses.merge(answer.join().statusCode(), 1, Integer::sum);
        }
        System.out.println("settled_ms=" + millis + " statuses=" + statuses);
        System.exit(0);
    }
}
