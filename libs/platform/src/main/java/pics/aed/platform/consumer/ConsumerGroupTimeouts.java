package pics.aed.platform.consumer;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import pics.aed.platform.config.ConsumerSettings;

/**
 * Gives every Kafka consumer of every service the group session timeout and heartbeat interval of
 * {@code aedpics.consumers.*} (one place instead of two lines per channel), unless a channel sets its own.
 * <p>
 * Why: a consumer whose process is killed (SIGKILL, OOM, a node lost) never leaves its group; the group coordinator
 * drops it only when its session times out, and until then the restarted process (or another replica) waits for the
 * rebalance and its partitions go unread. Kafka's default session is 45 s: the fault suite measured 42.6 s from a
 * sessions-service SIGKILL until its consumers had caught up (the target is 30 s). docs/operations.md "Consumer
 * groups".
 */
@ApplicationScoped
public class ConsumerGroupTimeouts implements ClientCustomizer<Map<String, Object>> {

    static final String SESSION_TIMEOUT = "session.timeout.ms";
    static final String HEARTBEAT_INTERVAL = "heartbeat.interval.ms";

    private final ConsumerSettings settings;

    public ConsumerGroupTimeouts(ConsumerSettings settings) {
        this.settings = settings;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (!config.containsKey("group.id")) {
            // a producer or an admin client: no group, no session
            return config;
        }
        Map<String, Object> customized = new HashMap<>(config);
        customized.putIfAbsent(
                SESSION_TIMEOUT, String.valueOf(settings.sessionTimeout().toMillis()));
        customized.putIfAbsent(
                HEARTBEAT_INTERVAL, String.valueOf(settings.heartbeatInterval().toMillis()));
        return customized;
    }
}
