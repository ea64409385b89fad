package pics.aed.platform.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Whether the Kafka broker answers, as a wellness check ({@code /q/health/well}) and the gauge
 * {@code aedpics.kafka.reachable} (1 or 0), never as readiness: with the broker down a service keeps taking requests
 * (their events wait in the outbox), so taking replicas out of traffic would turn a delay into an outage. Operators
 * alert on the gauge and on the outbox's age (docs/operations.md).
 */
@Wellness
@Singleton
public class KafkaBrokerHealth implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(KafkaBrokerHealth.class);
    private static final int PROBE_TIMEOUT_MILLIS = 3000;

    private final Map<String, Object> adminConfig;
    private final AtomicInteger reachable = new AtomicInteger(1);
    private volatile Admin admin;

    public KafkaBrokerHealth(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        this.adminConfig = adminConfig(kafka);
        Gauge.builder("aedpics.kafka.reachable", reachable, AtomicInteger::get)
                .description("1 when the Kafka broker answered the last probe, else 0 (it does not gate readiness)")
                .register(registry);
    }

    private static Map<String, Object> adminConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((name, value) -> {
            String key = name.replace('-', '.');
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, PROBE_TIMEOUT_MILLIS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, PROBE_TIMEOUT_MILLIS);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "aedpics-kafka-health");
        return config;
    }

    @Override
    public HealthCheckResponse call() {
        String failure = probe();
        return failure == null
                ? HealthCheckResponse.named("Kafka broker").up().build()
                : HealthCheckResponse.named("Kafka broker")
                        .down()
                        .withData("error", failure)
                        .withData("effect", "events wait in the outbox; requests are served")
                        .build();
    }

    /** Keeps the gauge current between health requests. */
    @Scheduled(every = "${aedpics.kafka.probe-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probePeriodically() {
        probe();
    }

    /** @return null when the broker answered, else why not (blocks up to 3 s, on a worker thread) */
    String probe() {
        try {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(PROBE_TIMEOUT_MILLIS))
                    .nodes()
                    .get(PROBE_TIMEOUT_MILLIS + 500L, TimeUnit.MILLISECONDS)
                    .size();
            reachable.set(nodes > 0 ? 1 : 0);
            return nodes > 0 ? null : "no broker in the cluster";
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            reachable.set(0);
            LOG.debugf("Kafka broker not reachable: %s", e.getMessage());
            return String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(adminConfig);
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }
}
