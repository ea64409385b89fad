package pics.aed.testsupport;

import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Requests whose body goes chunked, without a Content-Length, as a client streaming a body of unknown length sends it
 * (java.net.http over HTTP/1.1 with a body publisher of unknown length). The body is generated as it is sent, never
 * held whole in the test JVM. Sent to the application under test ({@link RestAssured#baseURI} and port).
 */
public final class ChunkedRequests {

    /** What the server answered. */
    public record Answer(int status, String contentType, String body) {}

    private ChunkedRequests() {}

    /** {@code head}, then {@code fillerBytes} times the byte {@code filler}, then {@code tail}: a body of any size. */
    public static Answer send(
            String method, String path, String token, String contentType, String head, long fillerBytes, String tail) {
        return send(
                method,
                path,
                token,
                contentType,
                () -> new SequenceInputStream(
                        Collections.enumeration(List.of(utf8(head), new Filler(fillerBytes, (byte) 'x'), utf8(tail)))));
    }

    /** A small body, still sent chunked. */
    public static Answer send(String method, String path, String token, String contentType, String body) {
        return send(method, path, token, contentType, () -> utf8(body));
    }

    private static Answer send(
            String method,
            String path,
            String token,
            String contentType,
            java.util.function.Supplier<InputStream> body) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofInputStream(body))
                .timeout(Duration.ofMinutes(2))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new AssertionError("the server should answer, not drop the connection", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code left} bytes of one value, generated as read. */
    private static final class Filler extends InputStream {
        private final byte value;
        private long left;

        Filler(long size, byte value) {
            this.left = size;
            this.value = value;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            Arrays.fill(buffer, offset, offset + n, value);
            left -= n;
            return n;
        }
    }
}
