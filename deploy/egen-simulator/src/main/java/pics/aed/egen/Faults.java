package pics.aed.egen;

import java.util.Locale;
import java.util.Map;

/**
 * The simulator's fault switches. Thread-safe; every setter returns {@code this}. Page-targeted faults take a page
 * selector: {@link #OFF} (-1, the default), {@link #EVERY_PAGE} (0), or a 1-based {@code pageNo}.
 * <p>
 * Order of evaluation for a feed request: HTTP 500 → slow → service key → error envelope → the page (with missing
 * coordinates / malformed / truncated applied to it). Dropped devices are left out of {@code totalCount} and paging.
 */
public final class Faults {

    public static final int OFF = -1;
    public static final int EVERY_PAGE = 0;

    private int http500Remaining;
    private boolean http500Forever;
    private long slowMillis;
    private int slowPage = EVERY_PAGE;
    private int malformedPage = OFF;
    private int truncatedPage = OFF;
    private int errorCode;
    private int errorPage = EVERY_PAGE;
    private int missingCoordinatesPage = OFF;
    private double dropShare;
    private int invalidEvery;
    private int changedDevice = OFF;
    private double changeShare;
    private String blankedField;
    private int totalCountDriftPage = OFF;
    private int orderShiftPage = OFF;
    private int orderShiftBy;
    private double extraShare;
    private String acceptedServiceKey;
    private int http429Remaining;
    private int htmlPage = OFF;
    private int connectionResetPage = OFF;
    private int noDataPage = OFF;
    private int numOfRowsCap;
    private int tricklePage = OFF;
    private int trickleBytesPerSecond;
    private boolean xmlOnly;

    /** The next {@code times} feed requests answer HTTP 500. */
    public synchronized Faults http500(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("http500 times must be ≥ 0");
        }
        http500Remaining = times;
        return this;
    }

    /** Every feed request answers HTTP 500 until switched off. */
    public synchronized Faults http500Forever(boolean on) {
        http500Forever = on;
        return this;
    }

    /** Delay every page by {@code millis} before answering (0 = off). */
    public synchronized Faults slowPages(long millis) {
        return slowPage(EVERY_PAGE, millis);
    }

    /** Delay page {@code page} (or every page with {@link #EVERY_PAGE}) by {@code millis}. */
    public synchronized Faults slowPage(int page, long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("slow millis must be ≥ 0");
        }
        slowPage = checkPage(page);
        slowMillis = millis;
        return this;
    }

    /** Every page is malformed XML (a mismatched end tag in the first item), or none. */
    public synchronized Faults malformedXml(boolean on) {
        malformedPage = on ? EVERY_PAGE : OFF;
        return this;
    }

    public synchronized Faults malformedXmlOnPage(int page) {
        malformedPage = checkPage(page);
        return this;
    }

    /** Every page's XML stops halfway through (HTTP itself completes normally), or none. */
    public synchronized Faults truncatedXml(boolean on) {
        truncatedPage = on ? EVERY_PAGE : OFF;
        return this;
    }

    public synchronized Faults truncatedXmlOnPage(int page) {
        truncatedPage = checkPage(page);
        return this;
    }

    /**
     * Answer every feed request with the data.go.kr error envelope carrying {@code returnReasonCode} (22: quota
     * exceeded, 30: unregistered service key, or any code in {@link EgenSimulator#ERROR_CODES}); 0 switches it off.
     */
    public synchronized Faults errorEnvelope(int code) {
        return errorEnvelopeOnPage(code, EVERY_PAGE);
    }

    public synchronized Faults errorEnvelopeOnPage(int code, int page) {
        if (code != 0 && !EgenSimulator.ERROR_CODES.containsKey(code)) {
            throw new IllegalArgumentException(
                    "unknown error code " + code + "; known: " + EgenSimulator.ERROR_CODES.keySet());
        }
        errorCode = code;
        errorPage = checkPage(page);
        return this;
    }

    /** Every item of page {@code page} (or of every page) comes without wgs84Lat/wgs84Lon; {@link #OFF} to stop. */
    public synchronized Faults missingCoordinatesOnPage(int page) {
        missingCoordinatesPage = checkPage(page);
        return this;
    }

    /**
     * Leave a deterministic share (0..1) of the devices out of the feed. A larger share drops a superset of the
     * devices a smaller one drops.
     */
    public synchronized Faults dropShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("drop share must be within 0..1");
        }
        dropShare = share;
        return this;
    }

    /**
     * Serve every {@code every}-th device (indexes every-1, 2·every-1, …) as a deliberately invalid record, cycling
     * through: coordinates outside Korea, an unknown gugun, the previous device's serial again, coordinates in
     * another sido. 0 turns it off. The local stack serves its national feed with 1000.
     */
    public synchronized Faults invalidRecordsEvery(int every) {
        if (every < 0 || every == 1) {
            throw new IllegalArgumentException("invalid-record period must be 0 (off) or at least 2");
        }
        invalidEvery = every;
        return this;
    }

    /** Serve device {@code index} with a changed installation place, as if e-gen had edited it; -1 for none. */
    public synchronized Faults changeDevice(int index) {
        if (index < OFF) {
            throw new IllegalArgumentException("device index must be -1 (none) or at least 0");
        }
        changedDevice = index;
        return this;
    }

    /**
     * Serve a deterministic share (0..1) of the devices changed the way {@link #changeDevice} changes one, as if e-gen
     * had edited many at once. A larger share changes a superset of the devices a smaller one changes.
     */
    public synchronized Faults changeShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("change share must be within 0..1");
        }
        changeShare = share;
        return this;
    }

    /**
     * Serve every device without one element, as a feed that lost a column would: one of
     * {@link RecordDefects#BLANKABLE}; null or empty for none.
     */
    public synchronized Faults blankField(String element) {
        if (element != null && !element.isEmpty() && !RecordDefects.BLANKABLE.contains(element)) {
            throw new IllegalArgumentException("blankField must be one of " + RecordDefects.BLANKABLE);
        }
        blankedField = element == null || element.isEmpty() ? null : element;
        return this;
    }

    /**
     * From page {@code page} on (a page number, or {@link #OFF}), {@code totalCount} announces one device more than
     * page 1 did, as a registry that gained a device while it was paged.
     */
    public synchronized Faults totalCountDriftFromPage(int page) {
        totalCountDriftPage = checkPage(page);
        return this;
    }

    /**
     * From page {@code page} on, the feed is served {@code by} positions later, as if {@code by} devices had been
     * inserted at its front while it was paged under the same totalCount: the first {@code by} items of that page
     * repeat the end of the page before, and the last {@code by} devices are never served. {@link #OFF} to stop.
     */
    public synchronized Faults orderShiftFromPage(int page, int by) {
        if (by < 0) {
            throw new IllegalArgumentException("order shift must be ≥ 0");
        }
        orderShiftPage = checkPage(page);
        orderShiftBy = by;
        return this;
    }

    /**
     * Serve a deterministic share (0..1) of the devices a second time under new serials ({@code <serial>-R}), after
     * all the others, as if e-gen had re-registered them; totalCount counts them.
     */
    public synchronized Faults extraShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("extra share must be within 0..1");
        }
        extraShare = share;
        return this;
    }

    /** Accept only this service key (error 30 for any other, as data.go.kr does); null or empty accepts any key. */
    public synchronized Faults acceptOnlyServiceKey(String key) {
        acceptedServiceKey = key == null || key.isEmpty() ? null : key;
        return this;
    }

    /** The next {@code times} feed requests answer HTTP 429 (too many requests). */
    public synchronized Faults http429(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("http429 times must be ≥ 0");
        }
        http429Remaining = times;
        return this;
    }

    /** Page {@code page} (or every page) is an HTML error page with status 200, as gateways serve them. */
    public synchronized Faults htmlPageOnPage(int page) {
        htmlPage = checkPage(page);
        return this;
    }

    /** Page {@code page} (or every page) breaks off halfway through its body: the connection is reset. */
    public synchronized Faults connectionResetOnPage(int page) {
        connectionResetPage = checkPage(page);
        return this;
    }

    /** Page {@code page} (or every page) answers resultCode 03 (no data) with no items. */
    public synchronized Faults noDataOnPage(int page) {
        noDataPage = checkPage(page);
        return this;
    }

    /**
     * Serve at most {@code cap} items a page whatever {@code numOfRows} asks for (and echo the cap), as an API that
     * limits page sizes silently; 0 for no cap.
     */
    public synchronized Faults numOfRowsCap(int cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("numOfRows cap must be ≥ 0");
        }
        numOfRowsCap = cap;
        return this;
    }

    /** Page {@code page} (or every page) trickles out at {@code bytesPerSecond}; {@link #OFF} to stop. */
    public synchronized Faults trickleOnPage(int page, int bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("trickle rate must be ≥ 1 byte per second");
        }
        tricklePage = checkPage(page);
        trickleBytesPerSecond = bytesPerSecond;
        return this;
    }

    /**
     * Answer every page in XML whatever {@code _type} asks for, as an API without JSON support does (and as
     * data.go.kr's gateway answers its own errors); off to answer {@code _type=json} with JSON.
     */
    public synchronized Faults xmlOnly(boolean on) {
        xmlOnly = on;
        return this;
    }

    /** Everything off. */
    public synchronized Faults reset() {
        http500Remaining = 0;
        http500Forever = false;
        slowMillis = 0;
        slowPage = EVERY_PAGE;
        malformedPage = OFF;
        truncatedPage = OFF;
        errorCode = 0;
        errorPage = EVERY_PAGE;
        missingCoordinatesPage = OFF;
        dropShare = 0;
        invalidEvery = 0;
        changedDevice = OFF;
        changeShare = 0;
        blankedField = null;
        totalCountDriftPage = OFF;
        orderShiftPage = OFF;
        orderShiftBy = 0;
        extraShare = 0;
        acceptedServiceKey = null;
        http429Remaining = 0;
        htmlPage = OFF;
        connectionResetPage = OFF;
        noDataPage = OFF;
        numOfRowsCap = 0;
        tricklePage = OFF;
        trickleBytesPerSecond = 0;
        xmlOnly = false;
        return this;
    }

    // ---- used by the server ---------------------------------------------------------------------------------------

    /** Consumes one pending 500 if any. */
    synchronized boolean takeHttp500() {
        if (http500Forever) {
            return true;
        }
        if (http500Remaining > 0) {
            http500Remaining--;
            return true;
        }
        return false;
    }

    synchronized boolean takeHttp429() {
        if (http429Remaining > 0) {
            http429Remaining--;
            return true;
        }
        return false;
    }

    synchronized boolean acceptsServiceKey(String key) {
        return acceptedServiceKey == null || acceptedServiceKey.equals(key);
    }

    synchronized boolean html(int page) {
        return matches(htmlPage, page);
    }

    synchronized boolean connectionReset(int page) {
        return matches(connectionResetPage, page);
    }

    synchronized boolean noData(int page) {
        return matches(noDataPage, page);
    }

    synchronized int rowsServed(int numOfRows) {
        return numOfRowsCap > 0 ? Math.min(numOfRows, numOfRowsCap) : numOfRows;
    }

    /** Bytes per second page {@code page} trickles at, or 0. */
    synchronized int trickle(int page) {
        return matches(tricklePage, page) ? trickleBytesPerSecond : 0;
    }

    synchronized int totalCountDrift(int page) {
        return totalCountDriftPage > 0 && page >= totalCountDriftPage ? 1 : 0;
    }

    synchronized int orderShift(int page) {
        return orderShiftPage > 0 && page >= orderShiftPage ? orderShiftBy : 0;
    }

    public synchronized double extraShare() {
        return extraShare;
    }

    synchronized long slowMillisFor(int page) {
        return matches(slowPage, page) ? slowMillis : 0;
    }

    synchronized int errorCodeFor(int page) {
        return errorCode != 0 && matches(errorPage, page) ? errorCode : 0;
    }

    synchronized boolean xmlOnly() {
        return xmlOnly;
    }

    synchronized boolean malformed(int page) {
        return matches(malformedPage, page);
    }

    synchronized boolean truncated(int page) {
        return matches(truncatedPage, page);
    }

    synchronized boolean missingCoordinates(int page) {
        return matches(missingCoordinatesPage, page);
    }

    public synchronized double dropShare() {
        return dropShare;
    }

    /** Device {@code index} as the feed serves it under the current switches. */
    synchronized Dataset.Device served(Dataset dataset, int index) {
        Dataset.Device device = dataset.device(index);
        if (index == changedDevice || RecordDefects.isInShare(index, changeShare)) {
            device = RecordDefects.changed(device);
        }
        if (blankedField != null) {
            device = RecordDefects.without(device, blankedField);
        }
        if (RecordDefects.isInvalid(index, invalidEvery)) {
            device = RecordDefects.invalid(
                    device, RecordDefects.kindOf(index, invalidEvery), dataset.device(Math.max(0, index - 1)));
        }
        return device;
    }

    /**
     * Applies the query parameters of {@code POST /simulator/faults} all or nothing; unknown names and bad values are
     * rejected with {@link IllegalArgumentException} and change nothing.
     */
    synchronized void apply(Map<String, String> params) {
        Faults scratch = new Faults();
        scratch.copyFrom(this);
        scratch.applyEach(params);
        copyFrom(scratch);
    }

    private void copyFrom(Faults o) {
        http500Remaining = o.http500Remaining;
        http500Forever = o.http500Forever;
        slowMillis = o.slowMillis;
        slowPage = o.slowPage;
        malformedPage = o.malformedPage;
        truncatedPage = o.truncatedPage;
        errorCode = o.errorCode;
        errorPage = o.errorPage;
        missingCoordinatesPage = o.missingCoordinatesPage;
        dropShare = o.dropShare;
        invalidEvery = o.invalidEvery;
        changedDevice = o.changedDevice;
        changeShare = o.changeShare;
        blankedField = o.blankedField;
        totalCountDriftPage = o.totalCountDriftPage;
        orderShiftPage = o.orderShiftPage;
        orderShiftBy = o.orderShiftBy;
        extraShare = o.extraShare;
        acceptedServiceKey = o.acceptedServiceKey;
        http429Remaining = o.http429Remaining;
        htmlPage = o.htmlPage;
        connectionResetPage = o.connectionResetPage;
        noDataPage = o.noDataPage;
        numOfRowsCap = o.numOfRowsCap;
        tricklePage = o.tricklePage;
        trickleBytesPerSecond = o.trickleBytesPerSecond;
        xmlOnly = o.xmlOnly;
    }

    private synchronized void applyEach(Map<String, String> params) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue().trim();
            switch (e.getKey()) {
                case "http500" -> http500(Integer.parseInt(v));
                case "http500Forever" -> http500Forever(parseBoolean(v));
                case "slowMillis" ->
                    slowPage(
                            params.containsKey("slowPage")
                                    ? Integer.parseInt(params.get("slowPage").trim())
                                    : slowPage,
                            Long.parseLong(v));
                case "slowPage" -> slowPage = checkPage(Integer.parseInt(v));
                case "malformedPage" -> malformedXmlOnPage(Integer.parseInt(v));
                case "truncatedPage" -> truncatedXmlOnPage(Integer.parseInt(v));
                case "errorCode" ->
                    errorEnvelopeOnPage(
                            Integer.parseInt(v),
                            params.containsKey("errorPage")
                                    ? Integer.parseInt(params.get("errorPage").trim())
                                    : errorPage);
                case "errorPage" -> errorPage = checkPage(Integer.parseInt(v));
                case "missingCoordinatesPage" -> missingCoordinatesOnPage(Integer.parseInt(v));
                case "dropShare" -> dropShare(Double.parseDouble(v));
                case "invalidEvery" -> invalidRecordsEvery(Integer.parseInt(v));
                case "changedDevice" -> changeDevice(Integer.parseInt(v));
                case "changeShare" -> changeShare(Double.parseDouble(v));
                case "blankField" -> blankField(v);
                case "totalCountDriftPage" -> totalCountDriftFromPage(Integer.parseInt(v));
                case "orderShiftPage" ->
                    orderShiftFromPage(
                            Integer.parseInt(v),
                            params.containsKey("orderShiftBy")
                                    ? Integer.parseInt(
                                            params.get("orderShiftBy").trim())
                                    : Math.max(1, orderShiftBy));
                case "orderShiftBy" -> orderShiftBy = Integer.parseInt(v);
                case "extraShare" -> extraShare(Double.parseDouble(v));
                case "acceptedServiceKey" -> acceptOnlyServiceKey(v);
                case "http429" -> http429(Integer.parseInt(v));
                case "htmlPage" -> htmlPageOnPage(Integer.parseInt(v));
                case "connectionResetPage" -> connectionResetOnPage(Integer.parseInt(v));
                case "noDataPage" -> noDataOnPage(Integer.parseInt(v));
                case "numOfRowsCap" -> numOfRowsCap(Integer.parseInt(v));
                case "tricklePage" ->
                    trickleOnPage(
                            Integer.parseInt(v),
                            params.containsKey("trickleBytesPerSecond")
                                    ? Integer.parseInt(
                                            params.get("trickleBytesPerSecond").trim())
                                    : Math.max(1, trickleBytesPerSecond));
                case "trickleBytesPerSecond" -> trickleBytesPerSecond = Integer.parseInt(v);
                case "xmlOnly" -> xmlOnly(parseBoolean(v));
                default -> throw new IllegalArgumentException("unknown fault parameter '" + e.getKey() + "'");
            }
        }
    }

    synchronized String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"http500\":%d,\"http500Forever\":%b,\"slowMillis\":%d,\"slowPage\":%d,\"malformedPage\":%d,"
                        + "\"truncatedPage\":%d,\"errorCode\":%d,\"errorPage\":%d,\"missingCoordinatesPage\":%d,"
                        + "\"dropShare\":%s,\"invalidEvery\":%d,\"changedDevice\":%d,\"changeShare\":%s,"
                        + "\"blankField\":%s,\"totalCountDriftPage\":%d,\"orderShiftPage\":%d,\"orderShiftBy\":%d,"
                        + "\"extraShare\":%s,\"acceptedServiceKey\":%b,\"http429\":%d,\"htmlPage\":%d,"
                        + "\"connectionResetPage\":%d,\"noDataPage\":%d,\"numOfRowsCap\":%d,\"tricklePage\":%d,"
                        + "\"trickleBytesPerSecond\":%d,\"xmlOnly\":%b}",
                http500Remaining,
                http500Forever,
                slowMillis,
                slowPage,
                malformedPage,
                truncatedPage,
                errorCode,
                errorPage,
                missingCoordinatesPage,
                Double.toString(dropShare),
                invalidEvery,
                changedDevice,
                Double.toString(changeShare),
                blankedField == null ? "null" : "\"" + blankedField + "\"",
                totalCountDriftPage,
                orderShiftPage,
                orderShiftBy,
                Double.toString(extraShare),
                acceptedServiceKey != null,
                http429Remaining,
                htmlPage,
                connectionResetPage,
                noDataPage,
                numOfRowsCap,
                tricklePage,
                trickleBytesPerSecond,
                xmlOnly);
    }

    private static boolean parseBoolean(String v) {
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean: " + v);
    }

    private static int checkPage(int page) {
        if (page < OFF) {
            throw new IllegalArgumentException("page selector must be -1 (off), 0 (every page) or a page number");
        }
        return page;
    }

    private static boolean matches(int selector, int page) {
        return selector == EVERY_PAGE || (selector > 0 && selector == page);
    }
}
