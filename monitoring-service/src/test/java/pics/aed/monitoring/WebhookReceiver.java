package pics.aed.monitoring;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP webhook on the port the service was configured with: it answers 200 and keeps the {@code text} of every
 * message. Stopped, the port refuses connections, as a webhook that is down does.
 */
final class WebhookReceiver implements AutoCloseable {

    static final String PATH = "/hooks/alerts";

    private final List<String> texts = new CopyOnWriteArrayList<>();
    private HttpServer server;

    static WebhookReceiver started() {
        WebhookReceiver receiver = new WebhookReceiver();
        receiver.start();
        return receiver;
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", MonitoringTestResources.webhookPort()), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                texts.add(new JsonObject(new String(body.readAllBytes(), StandardCharsets.UTF_8)).getString("text"));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Every message text received so far, in arrival order. */
    List<String> texts() {
        return List.copyOf(texts);
    }

    /** The messages about one alert condition (its fingerprint is in the text). */
    List<String> textsAbout(String fingerprint) {
        return texts.stream()
                .filter(text -> text.contains("[fingerprint " + fingerprint + "]"))
                .toList();
    }

    @Override
    public void close() {
        stop();
    }
}
