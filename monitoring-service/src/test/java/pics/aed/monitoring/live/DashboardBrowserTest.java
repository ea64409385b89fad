package pics.aed.monitoring.live;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pics.aed.monitoring.MonitoringServiceTestServers;
import pics.aed.monitoring.live.stream.EventHub;
import pics.aed.testsupport.Database;
import pics.aed.testsupport.ServiceProcess;
import pics.aed.testsupport.Tokens;

/**
 * The dashboard in a real browser (Debian's chromium, driven by Playwright): an operator signs in with a token, sees
 * the live counters move when an inspector starts and completes a session through sessions-service (the built
 * service, run as a child process against the same PostgreSQL and Kafka), an alert appear when one fires, and the
 * stream come back by itself after it dropped, without losing the session started meanwhile. Keeps a screenshot under
 * target/.
 */
@QuarkusTest
class DashboardBrowserTest extends MonitoringServiceTestServers {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final LocatorAssertions.HasTextOptions PATIENTLY =
            new LocatorAssertions.HasTextOptions().setTimeout(60_000);
    private static final LocatorAssertions.ContainsTextOptions PATIENTLY_CONTAINS =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);
    private static final LocatorAssertions.HasCountOptions PATIENT_COUNT =
            new LocatorAssertions.HasCountOptions().setTimeout(60_000);

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern INSPECTED_OF_ACTIVE = Pattern.compile("(\\d+) of (\\d+) active devices inspected");
    private static final String RESULT = """
            {"result": {"batteryStatus": "good", "padStatus": "good", "operationStatus": "normal",
             "gps": {"latitude": 37.57, "longitude": 126.98}}}""";

    private static ServiceProcess sessionsService;

    @TestHTTPResource("/")
    URL dashboard;

    /**
     * The child shares the database with this module's other tests, which plant old open sessions: its stale-session
     * sweep must leave them alone while it runs.
     */
    @BeforeAll
    static void startSessionsService() throws Exception {
        sessionsService = ServiceProcess.start(
                "sessions-service",
                Map.of(
                        "aedpics.outbox.poll-interval", "PT0.2S",
                        "aedpics.sessions.stale-after", "P3650D",
                        "aedpics.sessions.paused-stale-after", "P3650D"));
    }

    @AfterAll
    static void stopSessionsService() throws Exception {
        if (sessionsService != null) {
            sessionsService.close();
        }
    }

    @Test
    void an_operator_signs_in_and_watches_sessions_and_alerts_arrive_live_through_a_dropped_stream() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as(
                        "the browser tests need Debian's chromium at %s (.ci/run installs it: apt-get install chromium)",
                        CHROMIUM)
                .isTrue();
        String jongno = deviceKnownToSessionsService("서울특별시", "종로구");
        String haeundae = deviceKnownToSessionsService("부산광역시", "해운대구");
        String jongnoInspector = Tokens.inspector("live-kim", "서울특별시", "종로구");
        String haeundaeInspector = Tokens.inspector("live-park", "부산광역시", "해운대구");

        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright
                        .chromium()
                        .launch(new BrowserType.LaunchOptions()
                                .setExecutablePath(CHROMIUM)
                                .setHeadless(true)
                                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")))) {
            Page page = browser.newPage(new Browser.NewPageOptions()
                    .setViewportSize(1400, 1300)
                    .setLocale("ko-KR")
                    .setTimezoneId("Asia/Seoul"));
            page.navigate(dashboard.toString());

            // Sign in: the token goes into the form, then only into Authorization headers.
            assertThat(page.locator("#stream-state")).hasText("signed out");
            page.fill("#token", Tokens.master("ops"));
            page.click("#sign-in-button");
            assertThat(page.locator("#stream-state")).hasText("live", PATIENTLY);
            assertThat(page.locator("#who")).containsText("ops · master");
            Locator started = page.locator("#count-sessions-started");
            assertThat(started).hasText("0");

            Locator completed = page.locator("#count-sessions-completed");
            assertThat(completed).hasText("0");
            Locator feed = page.locator("#feed");
            // This month's compliance, nationwide (other tests' devices included): what the two inspections move.
            Locator compliance = page.locator("#compliance-total");
            assertThat(compliance).containsText(INSPECTED_OF_ACTIVE, PATIENTLY_CONTAINS);
            Matcher before = INSPECTED_OF_ACTIVE.matcher(compliance.textContent());
            assertThat(before.find()).isTrue();
            int inspectedBefore = Integer.parseInt(before.group(1));
            String activeDevices = before.group(2);

            // An inspector starts a session through sessions-service: its outbox publishes, the counter moves and
            // the event heads the live list.
            String session = startSession(jongnoInspector, jongno);
            assertThat(started).hasText("1", PATIENTLY);
            assertThat(feedItem(feed, "pics.aed.session.started", jongno)).hasCount(1, PATIENT_COUNT);
            assertThat(feedItem(feed, "pics.aed.session.started", jongno)).containsText("서울특별시 종로구");

            // ... and completes it: the completed counter moves, the started one stays.
            completeSession(jongnoInspector, session);
            assertThat(completed).hasText("1", PATIENTLY);
            assertThat(feedItem(feed, "pics.aed.session.completed", jongno)).hasCount(1, PATIENT_COUNT);
            assertThat(feedItem(feed, "pics.aed.session.completed", jongno)).containsText("서울특별시 종로구");
            assertThat(started).hasText("1");

            // The stream drops (the replica ends it, as at shutdown): the page says so and resumes by itself,
            // and a session started meanwhile is counted once.
            Arc.container().instance(EventHub.class).get().disconnectAll();
            assertThat(page.locator("#stream-state")).containsText("reconnecting", PATIENTLY_CONTAINS);
            String second = startSession(haeundaeInspector, haeundae);
            assertThat(page.locator("#stream-state")).hasText("live", PATIENTLY);
            assertThat(started).hasText("2", PATIENTLY);
            assertThat(feedItem(feed, "pics.aed.session.started", haeundae)).hasCount(1, PATIENT_COUNT);
            assertThat(feedItem(feed, "pics.aed.session.started", haeundae)).containsText("부산광역시 해운대구");
            LiveTestEvents.sleep(1500);
            assertThat(started).hasText("2");
            assertThat(completed).hasText("1");

            // The second inspection ends too (no open session is left behind for the module's other tests).
            completeSession(haeundaeInspector, second);
            assertThat(completed).hasText("2", PATIENTLY);
            assertThat(feedItem(feed, "pics.aed.session.completed", haeundae)).hasCount(1, PATIENT_COUNT);

            // Both completed inspections reach the readiness view, and the compliance panel (reloaded after session
            // events) counts them.
            assertThat(compliance)
                    .containsText(
                            (inspectedBefore + 2) + " of " + activeDevices + " active devices inspected",
                            new LocatorAssertions.ContainsTextOptions().setTimeout(120_000));

            // An alert fires: it appears among the firing alerts (last: a panel reload, as session events cause, shows
            // the alerts the API lists, and this one is published for the test only).
            LiveTestEvents.alertFiring("device-readiness", "서울특별시", "종로구", "종로구: 배터리 만료 3대");
            LiveTestEvents.flush();
            assertThat(page.locator("#alerts")).containsText("종로구: 배터리 만료 3대", PATIENTLY_CONTAINS);
            assertThat(page.locator("#alerts-count")).not().hasText("0");

            Path screenshot = Paths.get("target", "dashboard.png");
            page.screenshot(new Page.ScreenshotOptions().setPath(screenshot).setFullPage(true));
            assertThat(Files.size(screenshot)).isPositive();
        }
    }

    /** A new device as sync-service announces it, once both sessions-service's and the event log's views have it. */
    private static String deviceKnownToSessionsService(String sido, String gugun) {
        String serial = LiveTestEvents.device(sido, gugun);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Database.count("inspection.devices", "equipment_serial = ?", serial))
                        .as("sessions-service's device view has " + serial)
                        .isEqualTo(1));
        return serial;
    }

    /** The live list's entries of one event type about one device. */
    private static Locator feedItem(Locator feed, String type, String serial) {
        return feed.locator("li")
                .filter(new Locator.FilterOptions().setHasText(type))
                .filter(new Locator.FilterOptions().setHasText(serial));
    }

    private static String startSession(String inspectorToken, String serial) {
        return sessionsService
                .as(inspectorToken)
                .body("{\"equipmentSerial\": \"" + serial + "\"}")
                .post("/api/inspections/sessions")
                .then()
                .statusCode(201)
                .body("status", equalTo("active"))
                .extract()
                .path("id");
    }

    private static void completeSession(String inspectorToken, String sessionId) {
        sessionsService
                .as(inspectorToken)
                .body(RESULT)
                .post("/api/inspections/sessions/" + sessionId + "/complete")
                .then()
                .statusCode(200);
    }
}
