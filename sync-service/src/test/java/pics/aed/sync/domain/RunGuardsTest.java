package pics.aed.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The run guards as arithmetic, without Quarkus or a database. */
class RunGuardsTest {

    static final RunGuards GUARDS = new RunGuards(new RunGuards.Limits(0.90, 0.01, 0.10));
    static final Map<String, Long> NOTHING_BLANKED = Map.of("coordinates", 0L);

    static RunGuards.Figures figures(long active, long listed, long staged, RunGuards.Changes changes) {
        return new RunGuards.Figures(active, listed, staged, staged - changes.inserts(), NOTHING_BLANKED, changes);
    }

    @Test
    void restoringADropJustUnderTheThresholdIsUnderItToo() {
        // 1000 devices; a feed without 95 of them synced (9.5 %): 905 active, 95 missing
        RunGuards.Figures recovered = figures(905, 1000, 1000, new RunGuards.Changes(0, 0, 95, 0));

        assertThat(GUARDS.violations(SyncRun.Mode.incremental, recovered)).isEmpty();
    }

    @Test
    void insertsCountAgainstTheChangeGuardExceptIntoAnEmptyRegistry() {
        RunGuards.Figures reRegistered = figures(1000, 1000, 1200, new RunGuards.Changes(200, 0, 0, 0));
        assertThat(GUARDS.violations(SyncRun.Mode.incremental, reRegistered))
                .extracting(GuardViolation::guard)
                .containsExactly(Guard.TOO_MANY_CHANGES);

        RunGuards.Figures firstSync = figures(0, 0, 81_464, new RunGuards.Changes(81_464, 0, 0, 0));
        assertThat(GUARDS.violations(SyncRun.Mode.full, firstSync)).isEmpty();
    }

    @Test
    void exactlyTheThresholdPassesOneMoreDoesNot() {
        assertThat(GUARDS.violations(SyncRun.Mode.full, figures(1000, 1000, 1000, new RunGuards.Changes(0, 100, 0, 0))))
                .isEmpty();
        assertThat(GUARDS.violations(SyncRun.Mode.full, figures(1000, 1000, 1000, new RunGuards.Changes(0, 101, 0, 0))))
                .hasSize(1);
    }

    @Test
    void anImportPassesOnlyTheChangeGuard() {
        // a 50-row import into a registry of 1000: far smaller than the registry, and that is fine
        RunGuards.Figures smallImport = figures(1000, 1000, 50, new RunGuards.Changes(0, 50, 0, 0));
        assertThat(GUARDS.violations(SyncRun.Mode.import_, smallImport)).isEmpty();

        RunGuards.Figures bigImport = figures(1000, 1000, 300, new RunGuards.Changes(300, 0, 0, 0));
        assertThat(GUARDS.violations(SyncRun.Mode.import_, bigImport))
                .extracting(GuardViolation::guard)
                .containsExactly(Guard.TOO_MANY_CHANGES);
    }

    @Test
    void theMoreSpecificCauseComesFirstAndAnOverrideLiftsOnlyItsGuard() {
        RunGuards.Figures blankedAndChanged = new RunGuards.Figures(
                1000, 1000, 1000, 1000, Map.of("coordinates", 500L), new RunGuards.Changes(0, 500, 0, 0));

        assertThat(GUARDS.violations(SyncRun.Mode.full, blankedAndChanged))
                .extracting(GuardViolation::guard)
                .containsExactly(Guard.FIELD_BLANKED, Guard.TOO_MANY_CHANGES);
        assertThatThrownBy(() -> GUARDS.check(SyncRun.Mode.full, blankedAndChanged, Set.of(Guard.FIELD_BLANKED)))
                .isInstanceOf(GuardViolation.class)
                .extracting(e -> ((GuardViolation) e).guard())
                .isEqualTo(Guard.TOO_MANY_CHANGES);
        assertThatCode(() -> GUARDS.check(
                        SyncRun.Mode.full, blankedAndChanged, Set.of(Guard.FIELD_BLANKED, Guard.TOO_MANY_CHANGES)))
                .doesNotThrowAnyException();
    }

    @Test
    void aFeedFarSmallerThanTheActiveRegistryIsStopped() {
        RunGuards.Figures small = figures(1000, 1000, 700, new RunGuards.Changes(0, 0, 0, 0));

        assertThat(GUARDS.violations(SyncRun.Mode.full, small))
                .extracting(GuardViolation::guard)
                .containsExactly(Guard.FEED_TOO_SMALL);
    }

    @Test
    void guardsAreNamedAsTheContractNamesThem() {
        assertThat(Guard.TOO_MANY_CHANGES.apiName()).isEqualTo("too-many-changes");
        assertThat(Guard.TOO_MANY_CHANGES.metricType()).isEqualTo("guard_too_many_changes");
        assertThat(Guard.ofApiName("feed-changed")).contains(Guard.FEED_CHANGED);
        assertThat(Guard.FEED_CHANGED.overridable()).isFalse();
    }
}
