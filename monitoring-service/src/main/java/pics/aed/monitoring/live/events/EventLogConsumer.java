package pics.aed.monitoring.live.events;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import pics.aed.events.CloudEvent;
import pics.aed.monitoring.live.config.LiveStreamConfig;
import pics.aed.monitoring.live.domain.EventPlacement;
import pics.aed.monitoring.live.domain.Placement;
import pics.aed.monitoring.live.store.DeviceRegionStore;
import pics.aed.monitoring.live.store.EventLogStore;

/**
 * Appends every domain event to the live event log, each polled batch in one transaction. Two channels: the registry
 * changelog ({@code live-devices}) and everything else ({@code live-events}), so that a registry-wide sync never
 * queues session events behind tens of thousands of device snapshots. Events that name only a device take its region
 * from the device view (readiness keeps it from the same changelog).
 * <p>
 * Unlike the typed consumers, the log keeps every type and the whole CloudEvent (id, source, subject, time), so it
 * reads the envelope itself, and the log is its own idempotency record: an event id already logged is not logged
 * again (V20's unique event id), and an event older than the retention is not logged at all (nobody could resume to
 * it; this also keeps the compacted changelog read from the start out of the log). A record that is not a CloudEvent
 * is skipped with a warning: the topic's owning consumers dead-letter it, the live view only shows events.
 */
@ApplicationScoped
public class EventLogConsumer {

    private static final Logger LOG = Logger.getLogger(EventLogConsumer.class);

    private final Pool pool;
    private final EventLogStore log;
    private final DeviceRegionStore regions;
    private final LiveStreamConfig config;

    public EventLogConsumer(Pool pool, EventLogStore log, DeviceRegionStore regions, LiveStreamConfig config) {
        this.pool = pool;
        this.log = log;
        this.regions = regions;
        this.config = config;
    }

    @Incoming("live-devices")
    public Uni<Void> onDevices(ConsumerRecords<String, String> records) {
        return appendAll(records);
    }

    @Incoming("live-events")
    public Uni<Void> onEvents(ConsumerRecords<String, String> records) {
        return appendAll(records);
    }

    /** One transaction per batch; a failure rolls it back and the batch is redelivered (nothing half-logged). */
    private Uni<Void> appendAll(ConsumerRecords<String, String> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConsumerRecord<String, String> record : records) {
                chain = chain.chain(() -> append(tx, record));
            }
            return chain;
        });
    }

    private Uni<Void> append(SqlConnection tx, ConsumerRecord<String, String> record) {
        Optional<CloudEvent> event = cloudEvent(record);
        if (event.isEmpty() || isPastRetention(event.get())) {
            return Uni.createFrom().voidItem();
        }
        return placementOf(tx, event.get()).flatMap(placement -> log.append(tx, event.get(), placement));
    }

    private boolean isPastRetention(CloudEvent event) {
        return event.time().isBefore(OffsetDateTime.now().minus(config.retention()));
    }

    private Uni<Placement> placementOf(SqlConnection tx, CloudEvent event) {
        Optional<Placement> decided = EventPlacement.fromEvent(event);
        if (decided.isPresent()) {
            return Uni.createFrom().item(decided.get());
        }
        String serial = EventPlacement.deviceSerial(event).orElseThrow();
        return regions.find(tx, serial).map(EventPlacement::forDevice);
    }

    private static Optional<CloudEvent> cloudEvent(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        try {
            return Optional.of(CloudEvent.fromHeaders(headers, record.value()));
        } catch (RuntimeException notACloudEvent) {
            LOG.warnf(
                    "%s/%d@%d is not a CloudEvent (%s); not in the live log",
                    record.topic(), record.partition(), record.offset(), notACloudEvent.getMessage());
            return Optional.empty();
        }
    }
}
