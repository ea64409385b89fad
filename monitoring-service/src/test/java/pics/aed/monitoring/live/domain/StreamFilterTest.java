package pics.aed.monitoring.live.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pics.aed.events.EventTypes;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.Role;

class StreamFilterTest {

    private static final String SEOUL = "서울특별시";
    private static final String BUSAN = "부산광역시";

    private static final LiveEvent JONGNO = event(EventTypes.SESSION_STARTED, Placement.ofRegion(SEOUL, "종로구"));
    private static final LiveEvent SEOUL_JUNG = event(EventTypes.SESSION_STARTED, Placement.ofRegion(SEOUL, "중구"));
    private static final LiveEvent BUSAN_JUNG = event(EventTypes.SCHEDULE_CREATED, Placement.ofRegion(BUSAN, "중구"));
    private static final LiveEvent SYNC_RUN = event(EventTypes.SYNC_RUN_SUCCEEDED, Placement.NATIONAL);
    private static final LiveEvent UNKNOWN_DEVICE = event(EventTypes.SESSION_STARTED, Placement.RESTRICTED);
    private static final List<LiveEvent> ALL = List.of(JONGNO, SEOUL_JUNG, BUSAN_JUNG, SYNC_RUN, UNKNOWN_DEVICE);

    @Test
    void an_inspector_sees_only_device_events_of_its_own_gugun() {
        assertThat(delivered(filter(caller(Role.INSPECTOR, SEOUL, "중구")))).containsExactly(SEOUL_JUNG);
    }

    @Test
    void a_local_admin_sees_its_gugun_and_national_events_but_no_device_of_unknown_region() {
        assertThat(delivered(filter(caller(Role.LOCAL_ADMIN, SEOUL, "종로구")))).containsExactly(JONGNO, SYNC_RUN);
    }

    @Test
    void a_regional_admin_sees_its_whole_sido() {
        assertThat(delivered(filter(caller(Role.REGIONAL_ADMIN, SEOUL, null))))
                .containsExactly(JONGNO, SEOUL_JUNG, SYNC_RUN);
    }

    @Test
    void master_sees_everything_and_filters_narrow_it() {
        Caller master = caller(Role.MASTER, null, null);
        assertThat(delivered(filter(master))).containsExactlyElementsOf(ALL);
        assertThat(delivered(StreamFilter.of(master, List.of(), BUSAN, null))).containsExactly(BUSAN_JUNG);
        assertThat(delivered(StreamFilter.of(master, List.of(), SEOUL, "중구"))).containsExactly(SEOUL_JUNG);
        assertThat(delivered(StreamFilter.of(master, List.of(EventTypes.SYNC_RUN_SUCCEEDED), null, null)))
                .containsExactly(SYNC_RUN);
    }

    @Test
    void types_are_one_per_value_or_comma_separated_and_unknown_ones_are_rejected() {
        Caller master = caller(Role.MASTER, null, null);
        StreamFilter filter = StreamFilter.of(
                master,
                List.of(EventTypes.SESSION_STARTED + "," + EventTypes.SCHEDULE_CREATED, EventTypes.ALERT_FIRING),
                null,
                null);
        assertThat(filter.types())
                .isEqualTo(Set.of(EventTypes.SESSION_STARTED, EventTypes.SCHEDULE_CREATED, EventTypes.ALERT_FIRING));
        assertThatThrownBy(() -> StreamFilter.of(master, List.of("pics.aed.session.exploded"), null, null))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(400));
    }

    @Test
    void a_filter_never_widens_scope_it_is_refused_outside_the_callers_area() {
        assertThatThrownBy(() -> StreamFilter.of(caller(Role.INSPECTOR, SEOUL, "중구"), List.of(), BUSAN, "중구"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(403));
        assertThatThrownBy(() -> StreamFilter.of(caller(Role.INSPECTOR, SEOUL, "중구"), List.of(), SEOUL, "종로구"))
                .isInstanceOf(ProblemException.class);
        // within the area a filter is allowed and still narrows
        StreamFilter inspector = StreamFilter.of(caller(Role.INSPECTOR, SEOUL, "중구"), List.of(), SEOUL, null);
        assertThat(delivered(inspector)).containsExactly(SEOUL_JUNG);
    }

    @Test
    void a_token_without_area_claims_or_roles_sees_nothing() {
        assertThatThrownBy(() -> filter(caller(Role.INSPECTOR, SEOUL, null))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> filter(caller(Role.LOCAL_ADMIN, null, null))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> filter(new Caller("nobody", Set.of(), SEOUL, "중구")))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void a_gugun_needs_its_sido() {
        assertThatThrownBy(() -> StreamFilter.of(caller(Role.MASTER, null, null), List.of(), null, "중구"))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(400));
    }

    private static List<LiveEvent> delivered(StreamFilter filter) {
        return ALL.stream().filter(filter::delivers).toList();
    }

    private static StreamFilter filter(Caller caller) {
        return StreamFilter.of(caller, List.of(), null, null);
    }

    private static Caller caller(Role role, String sido, String gugun) {
        return new Caller("someone", Set.of(role), sido, gugun);
    }

    private static LiveEvent event(String type, Placement placement) {
        return new LiveEvent(1, type, placement, "{}");
    }
}
