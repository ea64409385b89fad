package pics.aed.load;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The load suite: inspectors (80 % of the users), local administrators (10 %) and operators with the dashboard open
 * (10 %) against the whole platform, by the profile {@code load.profile} names (LoadProfile). Seed 003's promise is
 * asserted: fewer than 1 % of all requests fail.
 *
 * <p>System properties: {@code load.profile} (short, ramp, soak), {@code load.repo} (the repository root),
 * {@code load.workDir} (where the stack's data and log go), {@code load.egenDevices} (the registry size of a stack the
 * suite starts), {@code load.shortUsers} (12), {@code load.stepSeconds} (the hold at each ramp level, 180),
 * {@code load.thinkMillis} (a user's pause between steps, 2000), {@code load.replayShare} (0.1),
 * {@code load.readySeconds} (600, how long a started stack may take to be ready), and the four
 * {@code load.*Url} of Target to load a stack that is already running.
 */
public class PlatformLoadSimulation extends Simulation {

    private static final double INSPECTORS = 0.8;
    private static final double ADMINS = 0.1;

    private final LoadProfile profile = LoadProfile.named(
            System.getProperty("load.profile", "short"),
            Integer.getInteger("load.shortUsers", 12),
            Duration.ofSeconds(Long.getLong("load.stepSeconds", 180)));
    private final Target target = Target.resolve(repo(), workDir(), Integer.getInteger("load.egenDevices", 3000));
    private volatile long loadStartMillis = System.currentTimeMillis();

    {
        DevTokens tokens = new DevTokens(repo());
        DeviceCatalog catalog = DeviceCatalog.load(target.sync(), tokens.master("load-suite"), 40_000);
        Duration think = Duration.ofMillis(Long.getLong("load.thinkMillis", 2000));
        IdempotentWrites writes =
                new IdempotentWrites(Double.parseDouble(System.getProperty("load.replayShare", "0.1")));

        ScenarioBuilder inspectors = inPhase(
                "inspector's day", InspectorDay.feeder(catalog, tokens), new InspectorDay(target, writes, think).day());
        ScenarioBuilder admins =
                inPhase("admin's day", AdminDay.feeder(catalog, tokens), new AdminDay(target, writes, think).day());
        ScenarioBuilder dashboards = inPhase(
                "dashboard subscriber",
                DashboardSubscriber.feeder(tokens),
                new DashboardSubscriber(target, think.multipliedBy(15)).session());

        HttpProtocolBuilder protocol = http.acceptHeader("application/json")
                .userAgentHeader("aedpics-load-suite")
                .warmUp(target.sync() + "/q/health/live");

        setUp(
                        population(inspectors, this::inspectorsOf, protocol),
                        population(admins, PlatformLoadSimulation::adminsOf, protocol),
                        population(dashboards, PlatformLoadSimulation::dashboardsOf, protocol))
                .maxDuration(profile.total().plusMinutes(5))
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    private PopulationBuilder population(
            ScenarioBuilder scenario, IntUnaryOperator share, HttpProtocolBuilder protocol) {
        return scenario.injectClosed(profile.injection(share)).protocols(protocol);
    }

    /** The scenario's chain in the group of the phase its user started in; see LoadProfile. */
    private ScenarioBuilder inPhase(String name, Iterator<Map<String, Object>> feeder, ChainBuilder chain) {
        return scenario(name)
                .feed(feeder)
                .exec(this::enterPhase)
                .group("#{phase}")
                .on(chain);
    }

    private Session enterPhase(Session session) {
        return session.set("phase", profile.groupAt(Duration.ofMillis(System.currentTimeMillis() - loadStartMillis)));
    }

    private int inspectorsOf(int users) {
        return users - adminsOf(users) - dashboardsOf(users);
    }

    private static int adminsOf(int users) {
        return users == 0 ? 0 : Math.max(1, (int) Math.round(users * ADMINS));
    }

    private static int dashboardsOf(int users) {
        return users == 0 ? 0 : Math.max(1, (int) Math.round(users * (1 - INSPECTORS - ADMINS)));
    }

    @Override
    public void before() {
        System.out.println("load profile " + profile.name() + ": " + profile.phases());
        RunInfo.write(workDir().resolve("load-run.json"), profile, repo());
        loadStartMillis = System.currentTimeMillis();
    }

    private static Path repo() {
        return Path.of(System.getProperty("load.repo", "../../.."))
                .toAbsolutePath()
                .normalize();
    }

    private static Path workDir() {
        return Path.of(System.getProperty("load.workDir", "target")).toAbsolutePath();
    }

    @Override
    public void after() {
        target.close();
    }
}
