package pics.aed.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are in the repository this build runs in. */
final class Repository {

    private Repository() {}

    static Path root() {
        String configured = System.getProperty("aedpics.repository");
        Path start = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("").toAbsolutePath();
        for (Path candidate = start.toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("deploy/kubernetes/overlays"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no deploy/kubernetes/overlays above " + start);
    }

    static Path kubernetes() {
        return root().resolve("deploy/kubernetes");
    }

    static Path overlay(String name) {
        return kubernetes().resolve("overlays").resolve(name);
    }

    static Path operationsDoc() {
        return root().resolve("docs/operations.md");
    }
}
