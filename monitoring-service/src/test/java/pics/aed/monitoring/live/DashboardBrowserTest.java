package pics.aed.monitoring.live;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pics.aed.monitoring.MonitoringServiceTestServers;
import pics.aed.monitoring.live.stream.EventHub;
import pics.aed.testsupport.Tokens;

/**
 * The dashboard in a real browser (Debian's chromium, driven by Playwright): an operator signs in with a token, sees
 * the live counters move when a session starts, an alert appear when one fires, and the stream come back by itself
 * after it dropped, without losing the event published meanwhile. Keeps a screenshot under target/.
 */
@QuarkusTest
class DashboardBrowserTest extends MonitoringServiceTestServers {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final LocatorAssertions.HasTextOptions PATIENTLY =
            new LocatorAssertions.HasTextOptions().setTimeout(60_000);
    private static final LocatorAssertions.ContainsTextOptions PATIENTLY_CONTAINS =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @TestHTTPResource("/")
    URL dashboard;

    @Test
    void an_operator_signs_in_and_watches_sessions_and_alerts_arrive_live_through_a_dropped_stream() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as(
                        "the browser tests need Debian's chromium at %s (.ci/run installs it: apt-get install chromium)",
                        CHROMIUM)
                .isTrue();
        String jongno = LiveTestEvents.device("서울특별시", "종로구");
        String haeundae = LiveTestEvents.device("부산광역시", "해운대구");

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

            // A session starts (published exactly as sessions-service's outbox does): the counter moves.
            LiveTestEvents.sessionStarted(jongno);
            LiveTestEvents.flush();
            assertThat(started).hasText("1", PATIENTLY);
            assertThat(page.locator("#feed")).containsText("서울특별시 종로구", PATIENTLY_CONTAINS);

            // An alert fires: it appears among the firing alerts.
            LiveTestEvents.alertFiring("device-readiness", "서울특별시", "종로구", "종로구: 배터리 만료 3대");
            LiveTestEvents.flush();
            assertThat(page.locator("#alerts")).containsText("종로구: 배터리 만료 3대", PATIENTLY_CONTAINS);
            assertThat(page.locator("#alerts-count")).not().hasText("0");

            // The stream drops (the replica ends it, as at shutdown): the page says so and resumes by itself,
            // and a session started meanwhile is counted once.
            Arc.container().instance(EventHub.class).get().disconnectAll();
            assertThat(page.locator("#stream-state")).containsText("reconnecting", PATIENTLY_CONTAINS);
            LiveTestEvents.sessionStarted(haeundae);
            LiveTestEvents.flush();
            assertThat(page.locator("#stream-state")).hasText("live", PATIENTLY);
            assertThat(started).hasText("2", PATIENTLY);
            assertThat(page.locator("#feed")).containsText("부산광역시 해운대구", PATIENTLY_CONTAINS);
            LiveTestEvents.sleep(1500);
            assertThat(started).hasText("2");

            Path screenshot = Paths.get("target", "dashboard.png");
            page.screenshot(new Page.ScreenshotOptions().setPath(screenshot).setFullPage(true));
            assertThat(Files.size(screenshot)).isPositive();
        }
    }
}
