package pics.aed.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import pics.aed.testsupport.Tokens;

/**
 * Clients that speak HTTP/2 in clear text (java.net.http's default: an h2c upgrade) are served like HTTP/1.1 ones. The
 * request-size limit once read such a request's body itself and every GET answered 500 "Request has already been
 * read" (found by the load suite).
 */
@QuarkusTest
class Http2RequestsTest {

    @Test
    void aGetOverH2cIsAnswered() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/test/widgets/regions/seoul/jongno");
        HttpRequest get = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + Tokens.master("kim"))
                .GET()
                .build();

        // the first request upgrades the connection, the second travels as an HTTP/2 stream
        HttpResponse<String> upgrading = client.send(get, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> overHttp2 = client.send(get, HttpResponse.BodyHandlers.ofString());

        assertThat(upgrading.statusCode()).as(upgrading.body()).isEqualTo(200);
        assertThat(overHttp2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(overHttp2.statusCode()).as(overHttp2.body()).isEqualTo(200);
    }
}
