package pics.aed.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * The part of CloudNativePG's {@code postgresql.cnpg.io/v1} API (reference: cloudnative-pg.io/documentation/current/
 * cloudnative-pg.v1/) that our manifests use, as strict records: no Java model of it is published, and a field
 * outside these records fails like an unknown field does for the fabric8 and Strimzi models. A field CloudNativePG
 * has and we start to use is added here, with its type from that reference.
 */
final class CloudNativePg {

    private CloudNativePg() {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Cluster(String apiVersion, String kind, ObjectMeta metadata, ClusterSpec spec) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record ClusterSpec(
            Integer instances,
            String imageName,
            PrimaryUpdateStrategy primaryUpdateStrategy,
            StorageConfiguration storage,
            StorageConfiguration walStorage,
            ResourceRequirements resources,
            PostgresConfiguration postgresql,
            Bootstrap bootstrap,
            List<ExternalCluster> externalClusters,
            Managed managed,
            Backup backup,
            Monitoring monitoring) {}

    enum PrimaryUpdateStrategy {
        @JsonProperty("unsupervised")
        UNSUPERVISED,
        @JsonProperty("supervised")
        SUPERVISED
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record StorageConfiguration(String size, String storageClass) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record PostgresConfiguration(Map<String, String> parameters) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Bootstrap(InitDb initdb, Recovery recovery) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record InitDb(String database, String owner, List<String> postInitApplicationSQL) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Recovery(String source, String database, String owner, RecoveryTarget recoveryTarget) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record RecoveryTarget(String targetTime, Boolean exclusive) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record ExternalCluster(String name, BarmanObjectStore barmanObjectStore) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Managed(List<RoleConfiguration> roles) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record RoleConfiguration(
            String name,
            Ensure ensure,
            String comment,
            Boolean login,
            Boolean superuser,
            Boolean createdb,
            Boolean createrole,
            Boolean inherit,
            Boolean replication,
            Boolean bypassrls,
            Integer connectionLimit,
            LocalObjectReference passwordSecret,
            List<String> inRoles) {}

    enum Ensure {
        @JsonProperty("present")
        PRESENT,
        @JsonProperty("absent")
        ABSENT
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record LocalObjectReference(String name) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record SecretKeySelector(String name, String key) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Backup(String retentionPolicy, BarmanObjectStore barmanObjectStore) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record BarmanObjectStore(
            String destinationPath,
            String endpointURL,
            String serverName,
            S3Credentials s3Credentials,
            WalBackup wal,
            DataBackup data) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record S3Credentials(SecretKeySelector accessKeyId, SecretKeySelector secretAccessKey, SecretKeySelector region) {}

    enum Compression {
        @JsonProperty("gzip")
        GZIP,
        @JsonProperty("bzip2")
        BZIP2,
        @JsonProperty("snappy")
        SNAPPY
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record WalBackup(Compression compression, Integer maxParallel) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record DataBackup(Compression compression, Integer jobs) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record Monitoring(Boolean enablePodMonitor) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record ScheduledBackup(String apiVersion, String kind, ObjectMeta metadata, ScheduledBackupSpec spec) {}

    @JsonIgnoreProperties(ignoreUnknown = false)
    record ScheduledBackupSpec(
            String schedule,
            BackupOwnerReference backupOwnerReference,
            LocalObjectReference cluster,
            Boolean immediate) {}

    enum BackupOwnerReference {
        @JsonProperty("none")
        NONE,
        @JsonProperty("self")
        SELF,
        @JsonProperty("cluster")
        CLUSTER
    }
}
