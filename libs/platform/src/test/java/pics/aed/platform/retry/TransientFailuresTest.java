package pics.aed.platform.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransientFailuresTest {

    private static PgException postgres(String sqlState) {
        return new PgException("failed", "ERROR", sqlState, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"40001", "40P01", "55P03", "57014", "57P01", "57P03", "08006", "53300", "25P03"})
    void serialisationDeadlockTimeoutsShutdownsAndLostConnectionsPassByThemselves(String sqlState) {
        assertThat(TransientFailures.isTransient(postgres(sqlState))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "23514", "22012", "22P02", "22P05", "42P01", "XX000"})
    void constraintsBadDataAndMissingTablesDoNot(String sqlState) {
        assertThat(TransientFailures.isTransient(postgres(sqlState))).isFalse();
    }

    @Test
    void aClosedOrRefusedConnectionIsTransientEvenWhenWrapped() {
        assertThat(TransientFailures.isTransient(ClosedConnectionException.INSTANCE))
                .isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException(new ConnectException("refused"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException("wrapped", postgres("40P01"))))
                .isTrue();
    }

    @Test
    void aPooledConnectionPostgresClosedIsTransientButBadJsonIsNot() {
        assertThat(TransientFailures.isTransient(
                        new io.vertx.core.VertxException("Connection is not active now, current status: CLOSED", true)))
                .isTrue();
        assertThat(TransientFailures.isTransient(new java.net.SocketException("Connection reset")))
                .isTrue();
        // an IOException too, but bad data: mapped to 503 it would hide a bug behind "retry shortly"
        assertThat(TransientFailures.isTransient(
                        new IllegalStateException(new com.fasterxml.jackson.core.JsonParseException(null, "bad"))))
                .isFalse();
    }

    /**
     * The 300-user fault soak's two PostgreSQL restarts: 23 requests answered 500 because the Vert.x SQL client failed
     * them with a {@code NoStackTraceThrowable} (a plain Throwable, not a VertxException) naming the closed connection.
     */
    @Test
    void aCommandOnAConnectionPostgresAlreadyClosedIsTransient() {
        assertThat(TransientFailures.isTransient(new io.vertx.core.impl.NoStackTraceThrowable(
                        "Connection is not active now, current status: CLOSED")))
                .isTrue();
        assertThat(TransientFailures.isTransient(new io.vertx.core.impl.NoStackTraceThrowable("bad payload")))
                .isFalse();
    }

    @Test
    void aBugIsNotTransient() {
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad payload")))
                .isFalse();
    }

    @Test
    void namesTheSqlStateOfADatabaseFailure() {
        assertThat(TransientFailures.sqlState(new RuntimeException(postgres("23505"))))
                .isEqualTo("23505");
        assertThat(TransientFailures.sqlState(new RuntimeException("no database")))
                .isNull();
    }
}
