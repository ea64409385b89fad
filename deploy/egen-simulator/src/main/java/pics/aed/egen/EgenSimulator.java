package pics.aed.egen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the data.go.kr AED Open API ({@code /B552657/AEDInfoInqireService/getAedFullDown}) that serves a
 * deterministic national data set ({@link Dataset}) and can be told to fail ({@link Faults}).
 *
 * <pre>{@code
 * try (EgenSimulator egen = EgenSimulator.start(0, 500)) {
 *     egen.faults().http500(2);
 *     String url = egen.baseUrl() + EgenSimulator.FULL_DOWN_PATH + "?serviceKey=k&pageNo=1&numOfRows=100";
 * }
 * }</pre>
 *
 * The feed answers XML, or JSON for {@code _type=json} as data.go.kr does (a page with one item has that item as an
 * object, not an array; the gateway's error envelopes stay XML).
 * HTTP endpoints besides the feed: {@code GET /simulator/health}, {@code GET|POST /simulator/faults?...} (parameter
 * names as in {@link Faults#toJson()}), {@code POST /simulator/reset}.
 */
public final class EgenSimulator implements AutoCloseable {

    public static final String FULL_DOWN_PATH = "/B552657/AEDInfoInqireService/getAedFullDown";
    public static final int DEFAULT_PORT = 18089;
    public static final int DEFAULT_DEVICES = 81_464;
    /** data.go.kr's default page size when {@code numOfRows} is absent. */
    public static final int DEFAULT_ROWS = 10;

    /** The data.go.kr {@code returnReasonCode}s and their {@code returnAuthMsg}. */
    public static final Map<Integer, String> ERROR_CODES = Map.ofEntries(
            Map.entry(1, "APPLICATION_ERROR"),
            Map.entry(4, "HTTP_ERROR"),
            Map.entry(10, "INVALID_REQUEST_PARAMETER_ERROR"),
            Map.entry(12, "NO_OPENAPI_SERVICE_ERROR"),
            Map.entry(20, "SERVICE_ACCESS_DENIED_ERROR"),
            Map.entry(22, "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR"),
            Map.entry(30, "SERVICE_KEY_IS_NOT_REGISTERED_ERROR"),
            Map.entry(31, "DEADLINE_HAS_EXPIRED_ERROR"),
            Map.entry(32, "UNREGISTERED_IP_ERROR"),
            Map.entry(99, "UNKNOWN_ERROR"));

    private static final String XML = "text/xml;charset=UTF-8";
    private static final String JSON = "application/json";
    private static final String JSON_UTF8 = "application/json;charset=UTF-8";
    /** {@code _type=json} asks for a JSON page (data.go.kr's {@code _type} parameter). */
    public static final String JSON_TYPE = "json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Dataset dataset;
    private final Faults faults = new Faults();
    private final AtomicLong feedRequests = new AtomicLong();
    private final AtomicLong jsonPages = new AtomicLong();
    private volatile FeedView view;
    /**
     * Rendered pages by fault state, page number and size. The real e-gen renders on its own machines; this one shares
     * the cores of the service it feeds, so it renders a page once per fault state (the bytes are the same anyway).
     * At most {@link #CACHED_PAGES} pages (about 70 MB of the national feed in 1,000-row pages).
     */
    private final Map<String, byte[]> renderedPages =
            Collections.synchronizedMap(new LinkedHashMap<>(128, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > CACHED_PAGES;
                }
            });

    private static final int CACHED_PAGES = 90;

    /**
     * The devices the feed currently shows: all, or all but a dropped share; then {@code extras}, devices served a
     * second time under new serials.
     */
    private record FeedView(double dropShare, double extraShare, int[] kept, int keptSize, int[] extras) {
        int deviceIndex(int position) {
            return kept == null ? position : kept[position];
        }

        int size() {
            return keptSize + extras.length;
        }
    }

    /** The suffix of a device served again under a new serial (Faults.extraShare). */
    public static final String EXTRA_SERIAL_SUFFIX = "-R";

    private EgenSimulator(HttpServer server, ExecutorService executor, Dataset dataset) {
        this.server = server;
        this.executor = executor;
        this.dataset = dataset;
        this.view = new FeedView(0, 0, null, dataset.size(), new int[0]);
    }

    /**
     * Starts a simulator on {@code port} (0 = a free port) serving {@code deviceCount} devices; listens on every
     * interface. Close it when done.
     */
    public static EgenSimulator start(int port, int deviceCount) throws IOException {
        Dataset dataset = new Dataset(deviceCount);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "egen-simulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        EgenSimulator sim = new EgenSimulator(server, executor, dataset);
        server.createContext("/", sim::handle);
        server.start();
        return sim;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:<port>}: where {@link #FULL_DOWN_PATH} is served. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public Faults faults() {
        return faults;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Feed requests received since start or the last {@link #reset()}. */
    public long feedRequests() {
        return feedRequests.get();
    }

    /** Pages answered in JSON ({@code _type=json}) since start or the last {@link #reset()}. */
    public long jsonPages() {
        return jsonPages.get();
    }

    /** Switches every fault off and zeroes the request counters. */
    public void reset() {
        faults.reset();
        feedRequests.set(0);
        jsonPages.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            drain(ex.getRequestBody());
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            Map<String, String> params;
            try {
                params = query(ex.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                text(ex, 400, "text/plain;charset=UTF-8", "bad query string: " + e.getMessage());
                return;
            }
            switch (path) {
                case FULL_DOWN_PATH -> {
                    if (!method.equals("GET")) {
                        text(ex, 405, "text/plain;charset=UTF-8", "GET only");
                        return;
                    }
                    feed(ex, params);
                }
                case "/simulator/health" ->
                    text(
                            ex,
                            200,
                            JSON,
                            "{\"status\":\"UP\",\"devices\":" + dataset.size() + ",\"feedRequests\":"
                                    + feedRequests.get() + "}");
                case "/simulator/faults" -> {
                    if (method.equals("POST")) {
                        try {
                            faults.apply(params);
                        } catch (IllegalArgumentException e) {
                            text(ex, 400, "text/plain;charset=UTF-8", e.getMessage());
                            return;
                        }
                    } else if (!method.equals("GET")) {
                        text(ex, 405, "text/plain;charset=UTF-8", "GET or POST");
                        return;
                    }
                    text(ex, 200, JSON, faults.toJson());
                }
                case "/simulator/reset" -> {
                    if (!method.equals("POST")) {
                        text(ex, 405, "text/plain;charset=UTF-8", "POST only");
                        return;
                    }
                    reset();
                    text(ex, 200, JSON, faults.toJson());
                }
                default -> text(ex, 404, "text/plain;charset=UTF-8", "not found: " + path);
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away mid-response; nothing to do.
        }
    }

    private void feed(HttpExchange ex, Map<String, String> params) throws IOException {
        feedRequests.incrementAndGet();
        if (faults.takeHttp500()) {
            text(ex, 500, "text/html;charset=UTF-8", "<html><body><h1>500 Internal Server Error</h1></body></html>");
            return;
        }
        if (faults.takeHttp429()) {
            text(ex, 429, "text/html;charset=UTF-8", "<html><body><h1>429 Too Many Requests</h1></body></html>");
            return;
        }
        int pageNo;
        int numOfRows;
        try {
            pageNo = intParam(params, "pageNo", 1);
            numOfRows = intParam(params, "numOfRows", DEFAULT_ROWS);
        } catch (IllegalArgumentException e) {
            pageNo = -1;
            numOfRows = -1;
        }
        long slow = faults.slowMillisFor(pageNo);
        if (slow > 0) {
            try {
                Thread.sleep(slow);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String key = params.get("serviceKey");
        if (key == null || key.isBlank() || !faults.acceptsServiceKey(key)) {
            envelope(ex, 30);
            return;
        }
        if (faults.html(pageNo)) {
            text(
                    ex,
                    200,
                    "text/html;charset=UTF-8",
                    "<!DOCTYPE html><html><head><title>공공데이터포털</title></head><body><p>서비스 점검 중입니다."
                            + "<br>Service temporarily unavailable</body></html>");
            return;
        }
        if (pageNo < 1 || numOfRows < 1) {
            envelope(ex, 10);
            return;
        }
        int code = faults.errorCodeFor(pageNo);
        if (code != 0) {
            envelope(ex, code);
            return;
        }
        boolean json = JSON_TYPE.equalsIgnoreCase(params.get("_type")) && !faults.xmlOnly();
        if (faults.noData(pageNo)) {
            ex.getResponseHeaders().set("Content-Type", json ? JSON_UTF8 : XML);
            ex.sendResponseHeaders(200, 0);
            FeedWriter.Paging paging = new FeedWriter.Paging(numOfRows, pageNo, view().size());
            try (Writer w = writer(ex.getResponseBody())) {
                if (json) {
                    FeedWriter.noDataJson(w, paging);
                } else {
                    FeedWriter.noData(w, paging);
                }
            }
            return;
        }
        byte[] page = render(pageNo, faults.rowsServed(numOfRows), json);
        if (json) {
            jsonPages.incrementAndGet();
        }
        ex.getResponseHeaders().set("Content-Type", json ? JSON_UTF8 : XML);
        ex.sendResponseHeaders(200, page.length);
        int trickle = faults.trickle(pageNo);
        if (trickle > 0) {
            trickle(ex.getResponseBody(), page, trickle);
            return;
        }
        if (faults.connectionReset(pageNo)) {
            // half the announced body, then the connection goes away (the exchange closes short of its length)
            OutputStream out = ex.getResponseBody();
            out.write(page, 0, page.length / 2);
            out.flush();
            throw new IOException("connection reset on purpose");
        }
        try (OutputStream out = ex.getResponseBody()) {
            out.write(page);
        }
    }

    /** Under the faults' lock, so that a page is never cached under a fault state other than the one it shows. */
    private byte[] render(int pageNo, int numOfRows, boolean json) throws IOException {
        synchronized (faults) {
            return renderUnderFaults(pageNo, numOfRows, json);
        }
    }

    private byte[] renderUnderFaults(int pageNo, int numOfRows, boolean json) throws IOException {
        String key = faults.toJson() + ' ' + pageNo + ' ' + numOfRows + (json ? " json" : " xml");
        byte[] cached = renderedPages.get(key);
        if (cached != null) {
            return cached;
        }
        FeedView v = view();
        long from = (long) (pageNo - 1) * numOfRows;
        int count = (int) Math.max(0, Math.min(numOfRows, v.size() - from));
        long served = from - Math.min(faults.orderShift(pageNo), from);
        FeedWriter.PageFaults pf = new FeedWriter.PageFaults(
                faults.missingCoordinates(pageNo), faults.malformed(pageNo), faults.truncated(pageNo));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(numOfRows * 900 + 512);
        try (Writer w = writer(bytes)) {
            FeedWriter.page(
                    json ? FeedWriter.json(w) : FeedWriter.xml(w),
                    new FeedWriter.Items() {
                        @Override
                        public int count() {
                            return count;
                        }

                        @Override
                        public Dataset.Device item(int k) {
                            return deviceAt(v, (int) served + k);
                        }
                    },
                    new FeedWriter.Paging(numOfRows, pageNo, v.size() + faults.totalCountDrift(pageNo)),
                    pf);
        }
        byte[] page = bytes.toByteArray();
        renderedPages.put(key, page);
        return page;
    }

    /** The device at a position of the feed: a kept one, or an extra one under its new serial. */
    private Dataset.Device deviceAt(FeedView v, int position) {
        if (position < v.keptSize()) {
            return faults.served(dataset, v.deviceIndex(position));
        }
        Dataset.Device d = faults.served(dataset, v.extras()[position - v.keptSize()]);
        return new Dataset.Device(
                d.serialSeq() + EXTRA_SERIAL_SUFFIX,
                d.org(),
                d.buildAddress(),
                d.buildPlace(),
                d.clerkTel(),
                d.manager(),
                d.managerTel(),
                d.mfg(),
                d.model(),
                d.wgs84Lat(),
                d.wgs84Lon(),
                d.zipcode1(),
                d.zipcode2(),
                d.sido(),
                d.gugun(),
                d.hours());
    }

    private FeedView view() {
        double drop = faults.dropShare();
        double extra = faults.extraShare();
        FeedView v = view;
        if (v.dropShare() == drop && v.extraShare() == extra) {
            return v;
        }
        synchronized (this) {
            v = view;
            if (v.dropShare() != drop || v.extraShare() != extra) {
                v = computeView(drop, extra);
                view = v;
            }
            return v;
        }
    }

    private static final long DROP_SALT = 0xD809_5EEDL;
    private static final long EXTRA_SALT = 0x5E71_A1L;

    private FeedView computeView(double dropShare, double extraShare) {
        int[] kept = new int[dataset.size()];
        int[] extras = new int[dataset.size()];
        int n = 0;
        int e = 0;
        for (int i = 0; i < dataset.size(); i++) {
            if (!isDropped(i, dropShare)) {
                kept[n++] = i;
            }
            if (extraShare > 0 && Rng.unit(EXTRA_SALT, i) < extraShare) {
                extras[e++] = i;
            }
        }
        return new FeedView(
                dropShare,
                extraShare,
                dropShare == 0 ? null : java.util.Arrays.copyOf(kept, n),
                dropShare == 0 ? dataset.size() : n,
                java.util.Arrays.copyOf(extras, e));
    }

    /** Whether device {@code i} is left out of the feed when a share of {@code share} is dropped. */
    public static boolean isDropped(int i, double share) {
        return share > 0 && Rng.unit(DROP_SALT, i) < share;
    }

    /** Whether device {@code i} is served changed when a share of {@code share} is changed (Faults.changeShare). */
    public static boolean isChanged(int i, double share) {
        return RecordDefects.isInShare(i, share);
    }

    /** Writes the page a few bytes at a time, {@code bytesPerSecond} in all, until done or the client goes away. */
    private static void trickle(OutputStream out, byte[] page, int bytesPerSecond) throws IOException {
        int chunk = Math.max(1, bytesPerSecond / 10);
        try (out) {
            for (int at = 0; at < page.length; at += chunk) {
                out.write(page, at, Math.min(chunk, page.length - at));
                out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void envelope(HttpExchange ex, int code) throws IOException {
        ex.getResponseHeaders().set("Content-Type", XML);
        ex.sendResponseHeaders(200, 0);
        try (Writer w = writer(ex.getResponseBody())) {
            FeedWriter.errorEnvelope(w, code, ERROR_CODES.getOrDefault(code, "UNKNOWN_ERROR"));
        }
    }

    private static Writer writer(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void text(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // discard
        }
    }

    private static int intParam(Map<String, String> params, String name, int dflt) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        return Integer.parseInt(v.trim());
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------------------

    /** {@code EgenSimulator [port]}; env {@code EGEN_PORT} (default 18089), {@code EGEN_DEVICES} (default 81464). */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : envInt("EGEN_PORT", DEFAULT_PORT);
        int devices = envInt("EGEN_DEVICES", DEFAULT_DEVICES);
        EgenSimulator sim = start(port, devices);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "egen-simulator-shutdown"));
        System.out.println(
                "e-gen simulator listening on " + sim.baseUrl() + FULL_DOWN_PATH + " (" + devices + " devices)");
        Thread.currentThread().join();
    }

    private static int envInt(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }
}
