package pics.aed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresTest {

    @Test
    void theRoleOwnsTheDatabaseButIsNoSuperuser() {
        assertThat(AedpicsTestServers.jdbcUrl())
                .matches("jdbc:postgresql://localhost:\\d+/aedpics")
                .doesNotContain(":15432/");
        assertThat(Database.<String>scalar("select current_user")).isEqualTo("aedpics");
        assertThat(Database.<Boolean>scalar("select rolsuper from pg_roles where rolname = current_user"))
                .isFalse();
        assertThat(Database.<String>scalar(
                        "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"))
                .isEqualTo("aedpics");
        assertThat(Database.<String>scalar("show server_version")).startsWith("17.");
        assertThat(Database.<String>scalar("show server_encoding")).isEqualTo("UTF8");
    }

    @Test
    void theExtensionsLiveInPublic() {
        List<Map<String, Object>> extensions = Database.rows("""
                select e.extname as name, n.nspname as schema
                from pg_extension e join pg_namespace n on n.oid = e.extnamespace
                where e.extname <> 'plpgsql' order by e.extname""");
        assertThat(extensions)
                .containsExactly(
                        Map.of("name", "btree_gist", "schema", "public"),
                        Map.of("name", "cube", "schema", "public"),
                        Map.of("name", "earthdistance", "schema", "public"),
                        Map.of("name", "pg_trgm", "schema", "public"));
    }

    @Test
    void theRoleCreatesSchemasAndUsesTheExtensionsFromThem() throws Exception {
        try (Connection connection = Database.connect();
                Statement sql = connection.createStatement()) {
            // As a Flyway migration of a service would: own schema, search_path without public.
            sql.execute("create schema if not exists extension_probe");
            sql.execute("set search_path = extension_probe");
            sql.execute("create table if not exists booking (room int, during tstzrange,"
                    + " exclude using gist (room with =, during with &&))");
            try (ResultSet distance = sql.executeQuery("select round(public.earth_distance("
                    + "public.ll_to_earth(37.5704, 126.9920), public.ll_to_earth(37.5665, 126.9780)))")) {
                distance.next();
                assertThat(distance.getDouble(1)).isBetween(1200.0, 1400.0); // Jongno-gu office to City Hall
            }
            // Hangul must count as word characters, or trigram search on Korean addresses finds nothing.
            try (ResultSet similarity = sql.executeQuery("select public.similarity('서울특별시 종로구 종로1길 36', '종로1길')")) {
                similarity.next();
                assertThat(similarity.getDouble(1)).isGreaterThan(0.1);
            }
            sql.execute("drop schema extension_probe cascade");
        }
    }

    @Test
    void helpersBindParametersAndCount() {
        Database.execute("create table if not exists helper_probe (id uuid primary key, name text, at timestamptz)");
        Database.execute("delete from helper_probe");
        java.util.UUID id = java.util.UUID.randomUUID();
        assertThat(Database.execute(
                        "insert into helper_probe values (?, ?, ?)",
                        id,
                        "종로구 보건소",
                        java.time.Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo(1);

        assertThat(Database.count("helper_probe")).isEqualTo(1);
        assertThat(Database.count("helper_probe", "name = ?", "종로구 보건소")).isEqualTo(1);
        assertThat(Database.count("helper_probe", "name = ?", "없음")).isZero();
        assertThat(Database.<java.util.UUID>scalar("select id from helper_probe where name like ?", "종로구%"))
                .isEqualTo(id);
        assertThat(Database.<Object>scalar("select id from helper_probe where false"))
                .isNull();
        assertThat(Database.rows("select name, extract(epoch from at)::bigint as epoch from helper_probe"))
                .containsExactly(Map.of("name", "종로구 보건소", "epoch", 1767323045L));
        Database.execute("drop table helper_probe");
    }
}
