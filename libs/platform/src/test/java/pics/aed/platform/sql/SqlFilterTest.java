package pics.aed.platform.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Role;

/** "No condition" is only reachable on purpose: never from a missing value or a missing claim. */
class SqlFilterTest {

    private static Caller caller(Role role, String sido, String gugun) {
        return new Caller("someone", Set.of(role), sido, gugun);
    }

    @Test
    void aRequiredConditionWithoutValueIsAnError() {
        assertThatThrownBy(() -> SqlFilter.where("sido", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlFilter.unrestricted().equalTo("gugun", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAreaOfACallerWithoutScopeClaimsIsAnErrorNotTheCountry() {
        assertThatThrownBy(() -> SqlFilter.visibleTo(caller(Role.LOCAL_ADMIN, null, null), "sido", "gugun"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SqlFilter.visibleTo(caller(Role.LOCAL_ADMIN, "서울특별시", null), "sido", "gugun"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SqlFilter.visibleTo(caller(Role.REGIONAL_ADMIN, null, "종로구"), "sido", "gugun"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SqlFilter.visibleTo(caller(Role.INSPECTOR, "서울특별시", null), "sido", "gugun"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void areasFollowTheRole() {
        assertThat(SqlFilter.visibleTo(caller(Role.LOCAL_ADMIN, "서울특별시", "종로구"), "sido", "gugun")
                        .where())
                .isEqualTo(" WHERE sido = $1 AND gugun = $2");
        assertThat(SqlFilter.visibleTo(caller(Role.REGIONAL_ADMIN, "서울특별시", null), "sido", "gugun")
                        .where())
                .isEqualTo(" WHERE sido = $1");
        assertThat(SqlFilter.visibleTo(caller(Role.MASTER, null, null), "sido", "gugun")
                        .where())
                .isEmpty();
        assertThat(SqlFilter.visibleTo(caller(Role.SERVICE, null, null), "sido", "gugun")
                        .where())
                .isEmpty();
    }

    @Test
    void optionalFiltersAddConditionsOnlyWhenGiven() {
        SqlFilter filter = SqlFilter.where("inspector_id", "kim")
                .equalToIfGiven("equipment_serial", null)
                .equalToIfGiven("status", "active")
                .inIfGiven("status", List.of())
                .inIfGiven("status", List.of("active", "paused"))
                .atLeastIfGiven("at", null)
                .beforeIfGiven("at", 5);
        assertThat(filter.where())
                .isEqualTo(" WHERE inspector_id = $1 AND status = $2 AND status = ANY($3) AND at < $4");
        assertThat(filter.limitOffset()).isEqualTo(" LIMIT $5 OFFSET $6");
        assertThat(filter.paramsWithPage(2, 10).size()).isEqualTo(6);
    }
}
