package pics.aed.platform.testapp;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

/** Hands raw text to PostgreSQL unchecked, to reach the database's own refusals (a service never does). Test-only. */
@Path("/test/raw")
@RolesAllowed("master")
@Consumes(MediaType.TEXT_PLAIN)
public class RawInputResource {

    private final Pool pool;

    public RawInputResource(Pool pool) {
        this.pool = pool;
    }

    @POST
    @Path("/jsonb")
    public Uni<String> asJsonb(String body) {
        return pool.preparedQuery("SELECT CAST(CAST($1 AS text) AS jsonb) AS doc")
                .execute(Tuple.of(body))
                .map(rows -> "stored");
    }

    @POST
    @Path("/text")
    public Uni<String> asText(String body) {
        return pool.preparedQuery("SELECT $1::text AS doc")
                .execute(Tuple.of(body))
                .map(rows -> "stored");
    }
}
