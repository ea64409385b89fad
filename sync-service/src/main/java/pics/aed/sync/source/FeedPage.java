package pics.aed.sync.source;

import java.util.List;
import pics.aed.sync.domain.RawRecord;

/**
 * One page of {@code getAedFullDown}, held only until it is staged: the feed is never in memory as a whole.
 *
 * @param totalCount              what the page says the whole feed holds
 * @param itemsWithoutCoordinates items with neither {@code wgs84Lat} nor {@code wgs84Lon}
 */
public record FeedPage(int pageNo, int totalCount, List<RawRecord> items, int itemsWithoutCoordinates) {}
