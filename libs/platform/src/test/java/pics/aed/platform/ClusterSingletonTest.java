package pics.aed.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import pics.aed.platform.jobs.ClusterSingleton;

/** A job guarded by the advisory lock runs on one caller at a time, and the lock is released afterwards. */
@QuarkusTest
class ClusterSingletonTest {

    @Inject
    ClusterSingleton cluster;

    @Test
    void concurrentRunsOfOneJobExecuteOnce() {
        AtomicInteger executions = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        Uni<Void> job = Uni.createFrom()
                .voidItem()
                .invoke(() -> maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max))
                .onItem()
                .delayIt()
                .by(Duration.ofMillis(500))
                .invoke(() -> {
                    executions.incrementAndGet();
                    concurrent.decrementAndGet();
                });
        List<Boolean> ran = Uni.join()
                .all(
                        cluster.runExclusively("test-job", () -> job),
                        cluster.runExclusively("test-job", () -> job),
                        cluster.runExclusively("test-job", () -> job),
                        cluster.runExclusively("test-job", () -> job))
                .andFailFast()
                .await()
                .atMost(Duration.ofSeconds(20));
        assertThat(ran).containsOnlyOnce(true);
        assertThat(executions.get()).isEqualTo(1);
        assertThat(maxConcurrent.get()).isEqualTo(1);

        // released: the next run goes ahead
        assertThat(cluster.runExclusively("test-job", () -> Uni.createFrom().voidItem())
                        .await()
                        .atMost(Duration.ofSeconds(10)))
                .isTrue();
    }

    @Test
    void aFailingJobReleasesTheLock() {
        Uni<Boolean> failing = cluster.runExclusively(
                "failing-job", () -> Uni.createFrom().failure(new IllegalStateException("job failed")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("job failed");
        assertThat(cluster.runExclusively("failing-job", () -> Uni.createFrom().voidItem())
                        .await()
                        .atMost(Duration.ofSeconds(10)))
                .isTrue();
    }
}
