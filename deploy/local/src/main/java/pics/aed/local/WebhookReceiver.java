package pics.aed.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;

/**
 * The local stack's stand-in for a Slack incoming webhook: monitoring-service posts each alert transition here
 * ({@code aedpics.monitoring.webhook-url}); it answers 200 and writes the message, one line each, to {@code
 * logs/webhook.log} (which up.sh shows as alerts arrive) and to the infrastructure log.
 */
final class WebhookReceiver implements AutoCloseable {

    static final String PATH = "/hooks/alerts";
    static final int DEFAULT_PORT = 18090;

    private final HttpServer server;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start(int port, Path log, PrintStream out) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 50);
            server.createContext(PATH, exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String line = LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + body.replace('\n', ' ') + "\n";
                synchronized (WebhookReceiver.class) {
                    Files.writeString(
                            log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    out.print("[webhook] " + line);
                    out.flush();
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "webhook-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return new WebhookReceiver(server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the webhook receiver on port " + port, e);
        }
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + PATH;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
