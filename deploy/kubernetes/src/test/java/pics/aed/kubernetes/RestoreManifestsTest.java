package pics.aed.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/restore recovers from exactly the backups the running cluster writes, with the same roles. */
class RestoreManifestsTest {

    @Test
    void restoresFromTheRunningClustersBackupsIntoANewCluster() {
        CloudNativePg.Cluster running = cluster(Manifests.render(Repository.overlay("prod")));
        Manifests restoreManifests = Manifests.render(Repository.kubernetes().resolve("restore"));
        CloudNativePg.Cluster restored = cluster(restoreManifests);

        assertThat(restored.metadata().getName())
                .isNotEqualTo(running.metadata().getName());
        assertThat(restored.metadata().getNamespace())
                .isEqualTo(running.metadata().getNamespace());
        CloudNativePg.Recovery recovery = restored.spec().bootstrap().recovery();
        assertThat(recovery.recoveryTarget().targetTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        CloudNativePg.ExternalCluster source = restored.spec().externalClusters().stream()
                .filter(c -> c.name().equals(recovery.source()))
                .findFirst()
                .orElseThrow();
        assertThat(source.barmanObjectStore().destinationPath())
                .isEqualTo(running.spec().backup().barmanObjectStore().destinationPath());
        assertThat(source.barmanObjectStore().serverName())
                .isEqualTo(running.metadata().getName());
        assertThat(restored.spec().backup().barmanObjectStore().destinationPath())
                .as("the restored cluster must not archive over the backups it came from")
                .isNotEqualTo(running.spec().backup().barmanObjectStore().destinationPath());
        assertThat(restored.spec().managed().roles())
                .extracting(
                        CloudNativePg.RoleConfiguration::name,
                        r -> r.passwordSecret().name())
                .containsExactlyElementsOf(running.spec().managed().roles().stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(
                                r.name(), r.passwordSecret().name()))
                        .toList());
        assertThat(restoreManifests.all(NetworkPolicy.class))
                .anySatisfy(policy -> assertThat(
                                policy.getSpec().getPodSelector().getMatchLabels())
                        .containsEntry("cnpg.io/cluster", restored.metadata().getName()));
    }

    private static CloudNativePg.Cluster cluster(Manifests manifests) {
        return manifests.all(CloudNativePg.Cluster.class).findFirst().orElseThrow();
    }
}
