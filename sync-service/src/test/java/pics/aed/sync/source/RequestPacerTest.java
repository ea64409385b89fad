package pics.aed.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * data.go.kr allows 30 requests a second: the pacer spaces requests at least 1/30 s apart, whichever threads send.
 * (A lower bound on elapsed time is the behaviour; nothing here asserts that anything is fast.)
 */
class RequestPacerTest {

    @Test
    void requestsFromManyThreadsAreSpacedByTheInterval() throws Exception {
        RequestPacer pacer = new RequestPacer(30);
        List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 4; i++) {
                    pacer.acquire();
                    sentAt.add(System.nanoTime());
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        List<Long> sorted = new ArrayList<>(sentAt);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(16);
        // 16 requests at 30/s: the last may go no earlier than 15 intervals after the first
        long interval = TimeUnit.SECONDS.toNanos(1) / 30;
        assertThat(sorted.get(15) - sorted.get(0))
                .isGreaterThanOrEqualTo(15 * interval - TimeUnit.MILLISECONDS.toNanos(2));
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> new RequestPacer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
