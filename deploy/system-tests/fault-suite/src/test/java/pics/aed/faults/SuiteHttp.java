package pics.aed.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** The suite's own calls (sync runs, simulator faults), apart from the load: status and JSON body, or a failure. */
final class SuiteHttp {

    record Reply(int status, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SuiteHttp() {}

    static Reply get(String url, String token) throws IOException, InterruptedException {
        return send(request(url, token).GET().build());
    }

    static Reply post(String url, String token, String body) throws IOException, InterruptedException {
        return send(request(url, token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Reply(
                response.statusCode(),
                body == null || body.isBlank() || !body.trim().startsWith("{") ? JSON.nullNode() : JSON.readTree(body));
    }
}
