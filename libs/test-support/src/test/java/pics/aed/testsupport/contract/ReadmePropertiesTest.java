package pics.aed.testsupport.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reflection and the table check behind {@link ReadmePropertiesContract}, on a fabricated mapping. */
class ReadmePropertiesTest {

    @ConfigMapping(prefix = "aedpics.widgets")
    interface WidgetsConfig {
        /** How long a widget lives. */
        @WithDefault("PT5M")
        Duration timeToLive();

        Optional<String> colour();

        @WithName("max")
        @WithDefault("7")
        int maximumCount();

        Polishing polishing();

        Map<String, Polishing> byKind();

        default boolean unused() {
            return true;
        }

        interface Polishing {
            @WithDefault("1m")
            String every();
        }
    }

    private static final String README = """
            # aedpics
            | property | default | meaning |
            |---|---|---|
            | `aedpics.widgets.time-to-live` | `PT5M` | how long a widget lives |
            | `aedpics.widgets.colour` | — | its colour |
            | `aedpics.widgets.max` | 7 | at most this many |
            | `aedpics.widgets.polishing.every` | `1m` | how often they are polished |
            | `aedpics.widgets.by-kind.*.every` | `1m` | per kind |
            Text that names `aedpics.widgets.elsewhere` outside a table does not count.
            """;

    @Test
    void readsEveryPropertyOfAMappingWithItsDefault() {
        assertThat(ConfigMappings.propertiesOf(WidgetsConfig.class))
                .extracting(ConfigMappings.Property::name, p -> p.defaultValue().orElse(null))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("aedpics.widgets.by-kind.*.every", "1m"),
                        org.assertj.core.groups.Tuple.tuple("aedpics.widgets.colour", null),
                        org.assertj.core.groups.Tuple.tuple("aedpics.widgets.max", "7"),
                        org.assertj.core.groups.Tuple.tuple("aedpics.widgets.polishing.every", "1m"),
                        org.assertj.core.groups.Tuple.tuple("aedpics.widgets.time-to-live", "PT5M"));
    }

    @Test
    void findsMappingsOnTheClasspathWithoutBeingToldAboutThem() {
        assertThat(ConfigMappings.onClasspath("pics.aed.testsupport.contract")).contains(WidgetsConfig.class);
    }

    @Test
    void aCompleteTablePasses() {
        assertThat(ReadmePropertiesContract.undocumented(README, List.of(WidgetsConfig.class)))
                .isEmpty();
    }

    @Test
    void aMissingRowFails() {
        String withoutColour = README.replace("| `aedpics.widgets.colour` | — | its colour |\n", "");

        assertThat(ReadmePropertiesContract.undocumented(withoutColour, List.of(WidgetsConfig.class)))
                .containsExactly("aedpics.widgets.colour (WidgetsConfig.colour) has no row");
    }

    @Test
    void aRowWithAnotherDefaultFails() {
        String stale = README.replace("| `PT5M` |", "| `PT1M` |");

        assertThat(ReadmePropertiesContract.undocumented(stale, List.of(WidgetsConfig.class)))
                .containsExactly("aedpics.widgets.time-to-live (WidgetsConfig.timeToLive): the row does not show the"
                        + " default PT5M");
    }

    @Test
    void onlyTableRowsCount() {
        assertThat(ReadmePropertiesContract.readmeRows(README)).doesNotContainKey("aedpics.widgets.elsewhere");
    }
}
