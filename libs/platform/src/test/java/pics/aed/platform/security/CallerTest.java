package pics.aed.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scope rules of docs/architecture.md "Security", as pure logic. */
class CallerTest {

    private static final Region JONGNO = new Region("서울특별시", "종로구");
    private static final Region GANGNAM = new Region("서울특별시", "강남구");
    private static final Region HAEUNDAE = new Region("부산광역시", "해운대구");

    private static Caller caller(Role role, String sido, String gugun) {
        return new Caller("someone", Set.of(role), sido, gugun);
    }

    @Test
    void inspectorWorksInOwnGugunOrOnAssignedDevices() {
        Caller inspector = caller(Role.INSPECTOR, "서울특별시", "종로구");
        assertThat(inspector.maySee(JONGNO)).isTrue();
        assertThat(inspector.mayChange(JONGNO)).isTrue();
        assertThat(inspector.maySee(GANGNAM)).isFalse();
        assertThat(inspector.mayChange(HAEUNDAE)).isFalse();
        assertThat(inspector.maySee(HAEUNDAE, true)).isTrue();
        assertThat(inspector.mayChange(HAEUNDAE, true)).isTrue();
    }

    @Test
    void localAdminSeesAndChangesItsGugunOnly() {
        Caller admin = caller(Role.LOCAL_ADMIN, "서울특별시", "종로구");
        assertThat(admin.mayChange(JONGNO)).isTrue();
        assertThat(admin.maySee(GANGNAM)).isFalse();
        // assignments widen only an inspector's scope
        assertThat(admin.mayChange(GANGNAM, true)).isFalse();
    }

    @Test
    void regionalAdminReadsItsSidoAndChangesNothing() {
        Caller regional = caller(Role.REGIONAL_ADMIN, "서울특별시", null);
        assertThat(regional.maySee(JONGNO)).isTrue();
        assertThat(regional.maySee(GANGNAM)).isTrue();
        assertThat(regional.maySee(HAEUNDAE)).isFalse();
        assertThat(regional.mayChange(JONGNO)).isFalse();
        assertThat(regional.visibleArea()).isEqualTo(new Region("서울특별시", null));
    }

    @Test
    void masterAndServiceAreNational() {
        for (Role role : Set.of(Role.MASTER, Role.SERVICE)) {
            Caller national = caller(role, null, null);
            assertThat(national.maySee(HAEUNDAE)).isTrue();
            assertThat(national.mayChange(HAEUNDAE)).isTrue();
            assertThat(national.visibleArea()).isEqualTo(new Region(null, null));
        }
    }

    @Test
    void aRegionalRoleWithoutScopeClaimsSeesNothing() {
        Caller unscoped = caller(Role.LOCAL_ADMIN, null, null);
        assertThat(unscoped.maySee(JONGNO)).isFalse();
        assertThat(unscoped.mayChange(new Region(null, null))).isFalse();
    }

    @Test
    void regionalRolesNeedTheirScopeClaims() {
        assertThat(caller(Role.LOCAL_ADMIN, "서울특별시", null).lacksScopeClaims()).isTrue();
        assertThat(caller(Role.LOCAL_ADMIN, null, "종로구").lacksScopeClaims()).isTrue();
        assertThat(caller(Role.INSPECTOR, "서울특별시", null).lacksScopeClaims()).isTrue();
        assertThat(caller(Role.INSPECTOR, null, null).lacksScopeClaims()).isTrue();
        assertThat(caller(Role.REGIONAL_ADMIN, null, null).lacksScopeClaims()).isTrue();
        assertThat(caller(Role.REGIONAL_ADMIN, "서울특별시", null).lacksScopeClaims())
                .isFalse();
        assertThat(caller(Role.LOCAL_ADMIN, "서울특별시", "종로구").lacksScopeClaims()).isFalse();
        assertThat(caller(Role.MASTER, null, null).lacksScopeClaims()).isFalse();
        assertThat(caller(Role.SERVICE, null, null).lacksScopeClaims()).isFalse();
    }

    @Test
    void theAreaOfACallerWithoutClaimsIsAnErrorNotEverywhere() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> caller(Role.LOCAL_ADMIN, null, null).visibleArea())
                .isInstanceOf(IllegalStateException.class);
    }
}
