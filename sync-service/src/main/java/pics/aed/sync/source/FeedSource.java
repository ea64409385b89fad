package pics.aed.sync.source;

import pics.aed.sync.domain.RecordSource;
import pics.aed.sync.domain.RecordValidator;

/** The Open API feed, page by page: page 1 announces totalCount, which fixes how many pages there are. */
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
        sink.accept(first.items(), first.itemsWithoutCoordinates());
        for (int pageNo = 2; pageNo <= pages; pageNo++) {
            FeedPage page = client.fetchPage(pageNo);
            if (page.totalCount() != total) {
                // paging over a feed that changed underneath would skip or repeat devices
                throw new SourceException("feed_changed", "the feed's totalCount changed from " + total + " to "
                        + page.totalCount() + " while paging (page " + pageNo + ")");
            }
            sink.accept(page.items(), page.itemsWithoutCoordinates());
        }
        return total;
    }

    @Override
    public RecordValidator validator() {
        return new RecordValidator(RecordValidator.OPEN_API);
    }
}
