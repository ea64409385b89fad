package pics.aed.sync.source;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import pics.aed.sync.domain.Guard;
import pics.aed.sync.domain.GuardViolation;
import pics.aed.sync.domain.RecordSource;
import pics.aed.sync.domain.RecordValidator;

/**
 * The Open API feed, page by page: page 1 announces totalCount, which fixes how many pages there are. While the sink
 * validates and stages page n, page n+1 is already being downloaded and parsed (one page ahead, never more: the feed
 * still streams, and the pacing of the client still holds).
 */
public final class FeedSource implements RecordSource {

    private final EgenClient client;

    public FeedSource(EgenClient client) {
        this.client = client;
    }

    @Override
    public long stream(Sink sink) {
        FeedPage first = client.fetchPage(1);
        int total = first.totalCount();
        int pageSize = client.pageSize();
        int pages = Math.max(1, (total + pageSize - 1) / pageSize);
        ExecutorService prefetcher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "egen-feed-prefetch");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<FeedPage> next = pages >= 2 ? fetchAsync(2, prefetcher) : null;
            sink.accept(first.items(), first.itemsWithoutCoordinates());
            long deadline = System.nanoTime() + client.maxFeedDuration().toNanos();
            for (int pageNo = 2; pageNo <= pages; pageNo++) {
                if (System.nanoTime() - deadline > 0) {
                    throw new SourceException(
                            "feed_deadline",
                            "the feed was still not read after " + client.maxFeedDuration()
                                    + " (aedpics.egen.max-feed-duration), at page " + pageNo + " of " + pages);
                }
                FeedPage page = await(next);
                next = pageNo < pages ? fetchAsync(pageNo + 1, prefetcher) : null;
                if (page.totalCount() != total) {
                    // paging over a feed that changed underneath would skip or repeat devices
                    throw new GuardViolation(
                            Guard.FEED_CHANGED,
                            "the feed's totalCount changed from " + total + " to " + page.totalCount()
                                    + " while paging (page " + pageNo + "): devices would be skipped or repeated");
                }
                sink.accept(page.items(), page.itemsWithoutCoordinates());
            }
            return total;
        } finally {
            prefetcher.shutdownNow();
        }
    }

    private CompletableFuture<FeedPage> fetchAsync(int pageNo, ExecutorService prefetcher) {
        return CompletableFuture.supplyAsync(() -> client.fetchPage(pageNo), prefetcher);
    }

    /** The page, or the failure its download ended with (a SourceException after the client's retries). */
    private static FeedPage await(CompletableFuture<FeedPage> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public RecordValidator validator() {
        return new RecordValidator(RecordValidator.OPEN_API);
    }
}
