package pics.aed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import pics.aed.events.Topics;

/**
 * The one PostgreSQL and the one Kafka broker of this JVM.
 * <p>
 * Quarkus instantiates test resources in each application's own class loader, so a static field of a class
 * loaded there would start new servers for every test profile and restart. {@link AedpicsTestServers} therefore
 * always reaches this class through the JVM's system class loader (reflectively, exchanging only JDK types), so
 * its statics and the servers' classes exist once per JVM, whoever asks.
 */
final class JvmWideServers {

    private static final Logger LOG = Logger.getLogger(JvmWideServers.class);

    /**
     * The servers' own categories, quieted to WARN: a broker start logs thousands of INFO lines that tell a test
     * nothing. Kept in a field because JUL holds its loggers, and so their levels, only weakly.
     */
    private static final List<java.util.logging.Logger> QUIETED = Stream.of(
                    "kafka",
                    "state.change.logger",
                    "org.apache.kafka.controller",
                    "org.apache.kafka.coordinator",
                    "org.apache.kafka.image",
                    "org.apache.kafka.metadata",
                    "org.apache.kafka.network",
                    "org.apache.kafka.queue",
                    "org.apache.kafka.raft",
                    "org.apache.kafka.security",
                    "org.apache.kafka.server",
                    "org.apache.kafka.snapshot",
                    "org.apache.kafka.storage",
                    "io.zonky.test.db.postgres",
                    // Also every client's "...Config values" dump, hundreds of lines each; Quarkus apps re-level it at
                    // start.
                    "org.apache.kafka.common.config.AbstractConfig")
            .map(java.util.logging.Logger::getLogger)
            .toList();

    private static Postgres postgres;
    private static KafkaBroker kafka;
    private static Map<String, String> config;
    private static Throwable startFailure;

    private JvmWideServers() {}

    /** Starts both servers on first call; returns the Quarkus configuration that points at them. */
    static synchronized Map<String, String> startOnce() {
        if (startFailure != null) {
            throw new IllegalStateException("the test servers failed to start earlier in this JVM", startFailure);
        }
        if (config == null) {
            try {
                config = withOwnContextClassLoader(JvmWideServers::start);
            } catch (RuntimeException | Error e) {
                // Fail every later test fast with the cause instead of starting more servers beside half-started ones.
                startFailure = e;
                throw e;
            }
        }
        return config;
    }

    static synchronized void stopKafka() {
        startOnce();
        withOwnContextClassLoader(() -> {
            kafka.stop();
            return null;
        });
    }

    static synchronized void startKafka() {
        startOnce();
        withOwnContextClassLoader(() -> {
            long began = System.nanoTime();
            kafka.start();
            LOG.infof("Kafka broker restarted on %s in %d ms", kafka.bootstrapServers(), millisSince(began));
            return null;
        });
    }

    private static Map<String, String> start() {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        Thread stopper = new Thread(JvmWideServers::stopAll, "aedpics-test-servers-stopper");
        stopper.setContextClassLoader(JvmWideServers.class.getClassLoader());
        Runtime.getRuntime().addShutdownHook(stopper);

        // Side by side: each start mostly waits on its own disk and process work, so together they take ~the longer.
        long began = System.nanoTime();
        CompletableFuture<Postgres> startingPostgres = CompletableFuture.supplyAsync(
                () -> {
                    Postgres started = Postgres.start();
                    LOG.infof("PostgreSQL started on port %d in %d ms", started.port(), millisSince(began));
                    return started;
                },
                JvmWideServers::inNewThreadWithOwnContextClassLoader);
        kafka = new KafkaBroker();
        kafka.start();
        kafka.createTopics(Topics.ALL);
        LOG.infof(
                "Kafka broker started on %s with %d topics in %d ms",
                kafka.bootstrapServers(), Topics.ALL.size(), millisSince(began));
        try {
            postgres = startingPostgres.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }

        Map<String, String> quarkus = new LinkedHashMap<>();
        quarkus.put("quarkus.devservices.enabled", "false");
        quarkus.put("quarkus.datasource.reactive.url", postgres.reactiveUrl());
        quarkus.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        quarkus.put("quarkus.datasource.username", Postgres.USER);
        quarkus.put("quarkus.datasource.password", Postgres.PASSWORD);
        quarkus.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        quarkus.put("mp.jwt.verify.publickey.location", publicKeyFile().toUri().toString());
        quarkus.put("mp.jwt.verify.issuer", Tokens.ISSUER);
        quarkus.put("mp.jwt.verify.audiences", Tokens.AUDIENCE);
        return Map.copyOf(quarkus);
    }

    /** A plain file, because a file: URI resolves the same from every class loader of every Quarkus app. */
    private static Path publicKeyFile() {
        try {
            Path file = Files.createTempFile("aedpics-test-public-key-", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, TestKeys.publicKeyPem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopAll() {
        if (kafka != null) {
            kafka.destroy();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    /**
     * Kafka loads configured classes through the calling thread's context class loader, and the threads it starts
     * inherit it; inside a Quarkus test that is the application's, closed when the app stops. Pin ours instead.
     */
    private static <T> T withOwnContextClassLoader(Callable<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JvmWideServers.class.getClassLoader());
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void inNewThreadWithOwnContextClassLoader(Runnable task) {
        Thread thread = new Thread(task, "aedpics-test-servers-starter");
        thread.setContextClassLoader(JvmWideServers.class.getClassLoader());
        thread.start();
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
