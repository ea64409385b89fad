package pics.aed.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * What data.go.kr does that a healthy page does not: each of the simulator's switches against a real run. None of
 * them changes the registry.
 */
@QuarkusTest
class FeedFaultsTest extends FromTheHealthyFeed {

    @Test
    void aPageWithoutDataIsAnIncompleteFeed() {
        String before = Registry.fingerprint();
        egen.faults().noDataOnPage(3);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("aborted");
        assertThat(run.getString("error")).contains("announced 3000 records but delivered 2500");
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void anApiThatCapsThePageSizeSilentlyIsAnIncompleteFeedNotASilentlySkippedOne() {
        String before = Registry.fingerprint();
        egen.faults().numOfRowsCap(100);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("aborted");
        assertThat(run.getString("error")).contains("delivered 600");
        assertThat(run.getLong("missing")).isZero();
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void aBodyThatTricklesIsCutAtTheReadTimeoutRetriedAndFailsTheRun() {
        String before = Registry.fingerprint();
        egen.faults().trickleOnPage(2, 20_000); // a 400 KB page in 20 s: never whole within the 5 s read timeout

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("did not arrive whole within");
        assertThat(egen.feedRequests()).isGreaterThanOrEqualTo(5); // page 1, and page 2 four times
        assertThat(Registry.fingerprint()).isEqualTo(before);
    }

    @Test
    void http429AndAConnectionResetAreRetriedAndThenTheRunLands() {
        egen.faults().http429(2).connectionResetOnPage(4);
        JsonPath reset = Runs.run("incremental");
        assertThat(reset.getString("status")).isEqualTo("failed"); // every attempt at page 4 breaks off
        assertThat(reset.getString("error")).contains("page 4");

        egen.reset();
        egen.faults().http429(2);
        JsonPath limited = Runs.run("incremental");
        assertThat(limited.getString("status")).isEqualTo("succeeded");
        assertThat(limited.getLong("unchanged")).isEqualTo(EgenSimulatorResource.DEVICES);
    }

    @Test
    void anHtmlPageWithStatus200FailsTheRunAtOnce() {
        egen.faults().htmlPageOnPage(2);

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(egen.feedRequests()).isLessThanOrEqualTo(3); // page 1, page 2 once, perhaps page 3 prefetched
    }

    @Test
    void anUnknownServiceKeyIsCode30AndNotRetried() {
        egen.faults().acceptOnlyServiceKey("the-right-key");

        JsonPath run = Runs.run("incremental");

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("code 30");
        assertThat(egen.feedRequests()).isEqualTo(1);
    }
}
