package pics.aed.platform.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs a scheduled job on at most one replica at a time, cluster-wide, with a PostgreSQL session advisory lock held
 * on a dedicated connection for the job's duration. If the replica dies, its connection closes and the lock goes with
 * it, so a crashed job never blocks the next run.
 */
@Singleton
public class ClusterSingleton {

    private static final Logger LOG = Logger.getLogger(ClusterSingleton.class);

    private final Pool pool;
    private final String schema;

    public ClusterSingleton(Pool pool, @ConfigProperty(name = "aedpics.schema") String schema) {
        this.pool = pool;
        this.schema = schema;
    }

    /**
     * @param jobName names the lock; the same name on every replica
     * @return true when this replica ran the job, false when another replica was running it
     */
    public Uni<Boolean> runExclusively(String jobName, Supplier<Uni<Void>> job) {
        return pool.withConnection(connection -> tryLock(connection, jobName).flatMap(locked -> {
            if (!locked) {
                LOG.debugf("job %s is running on another replica; skipped here", jobName);
                return Uni.createFrom().item(false);
            }
            return Uni.createFrom()
                    .<Void>deferred(job::get)
                    .eventually(() -> unlock(connection, jobName))
                    .replaceWith(true);
        }));
    }

    private Uni<Boolean> tryLock(SqlConnection connection, String jobName) {
        return connection
                .preparedQuery("SELECT pg_try_advisory_lock(hashtext($1)) AS locked")
                .execute(Tuple.of(lockName(jobName)))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    private Uni<Void> unlock(SqlConnection connection, String jobName) {
        return connection
                .preparedQuery("SELECT pg_advisory_unlock(hashtext($1))")
                .execute(Tuple.of(lockName(jobName)))
                .replaceWithVoid();
    }

    /** Services share one PostgreSQL cluster: the schema keeps their jobs of the same name apart. */
    private String lockName(String jobName) {
        return "aedpics." + schema + ".job." + jobName;
    }
}
