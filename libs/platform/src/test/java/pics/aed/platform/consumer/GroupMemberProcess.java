package pics.aed.platform.consumer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer group member in a process of its own, so that a test can SIGKILL it: it never leaves its group. Reads
 * its Kafka configuration as {@code name=value} arguments, prints {@code ASSIGNED} once it has partitions, then polls
 * until it is killed.
 */
public final class GroupMemberProcess {

    private GroupMemberProcess() {}

    public static void main(String[] args) {
        Map<String, Object> config = new HashMap<>();
        String topic = args[0];
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            config.put(pair[0], pair[1]);
        }
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            boolean announced = false;
            while (true) {
                consumer.poll(Duration.ofMillis(200));
                if (!announced && !consumer.assignment().isEmpty()) {
                    System.out.println("ASSIGNED");
                    System.out.flush();
                    announced = true;
                }
            }
        }
    }
}
