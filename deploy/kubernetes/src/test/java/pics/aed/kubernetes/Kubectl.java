package pics.aed.kubernetes;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization exactly as an operator applies it: {@code kubectl kustomize DIR} is what
 * {@code kubectl apply -k DIR} sends to the cluster. kubectl is taken from {@code $KUBECTL} or the PATH.
 */
final class Kubectl {

    private Kubectl() {}

    static String kustomize(Path directory) {
        Path kubectl = executable();
        try {
            Path stderr = Files.createTempFile("kubectl-kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(List.of(kubectl.toString(), "kustomize", directory.toString()))
                        .redirectError(stderr.toFile())
                        .start();
                process.getOutputStream().close();
                String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 2 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new KustomizeFailed("kubectl kustomize " + directory + " failed (exit " + process.exitValue()
                            + "): " + Files.readString(stderr).strip());
                }
                return rendered;
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path executable() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new IllegalStateException("KUBECTL=" + configured + " is not an executable file");
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "kubectl was not found on the PATH (nor set as $KUBECTL). The Kubernetes manifests"
                        + " tests render every overlay with `kubectl kustomize`, which ships with kubectl >= 1.14: install"
                        + " kubectl (https://kubernetes.io/docs/tasks/tools/) or point KUBECTL at it.");
    }

    /** kustomize itself refused the kustomization (a missing file, a patch that matches nothing, bad YAML). */
    static final class KustomizeFailed extends RuntimeException {
        KustomizeFailed(String message) {
            super(message);
        }
    }
}
