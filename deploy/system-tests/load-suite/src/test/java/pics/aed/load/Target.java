package pics.aed.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The services under load: a local stack this run starts itself (the default), or one already running, named by the
 * four system properties {@code load.sessionsUrl}, {@code load.schedulesUrl}, {@code load.syncUrl} and
 * {@code load.monitoringUrl} (e.g. the fault suite's stack during the soak).
 */
public record Target(String sessions, String schedules, String sync, String monitoring, Optional<LocalStack> ownStack)
        implements AutoCloseable {

    private static final List<String> URL_PROPERTIES =
            List.of("load.sessionsUrl", "load.schedulesUrl", "load.syncUrl", "load.monitoringUrl");

    public static Target resolve(Path repo, Path workDir, int egenDevices) {
        List<String> given = URL_PROPERTIES.stream()
                .map(System::getProperty)
                .filter(url -> url != null && !url.isBlank())
                .toList();
        if (given.size() == URL_PROPERTIES.size()) {
            System.out.println("load against the running stack " + given);
            return new Target(given.get(0), given.get(1), given.get(2), given.get(3), Optional.empty());
        }
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(
                    "name all of " + URL_PROPERTIES + " to load a running stack, or none to start one");
        }
        // up.sh's own bound for the infrastructure and for the services; the device views' catch-up after the first
        // sync comes on top (minutes for the national registry on a busy machine)
        Duration ready = Duration.ofSeconds(Long.getLong("load.readySeconds", 600));
        LocalStack stack = LocalStack.start(repo, workDir, egenDevices, ready);
        return new Target(
                stack.baseUrl("AEDPICS_SESSIONS_PORT"),
                stack.baseUrl("AEDPICS_SCHEDULES_PORT"),
                stack.baseUrl("AEDPICS_SYNC_PORT"),
                stack.baseUrl("AEDPICS_MONITORING_PORT"),
                Optional.of(stack));
    }

    public Stream<String> baseUrls() {
        return Stream.of(sessions, schedules, sync, monitoring);
    }

    @Override
    public void close() {
        ownStack.ifPresent(LocalStack::close);
    }
}
