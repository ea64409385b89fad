package pics.aed.platform.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arrays a batch statement unnests: one per column, typed, in the rows' order, with their nulls. */
class UnnestColumnsTest {

    private record Device(String serial, Long version, LocalDate padExpiry) {}

    @Test
    void eachColumnIsATypedArrayOfTheRowsInOrderAndValuesStandBetweenThem() {
        List<Device> devices = List.of(
                new Device("A-1", 3L, LocalDate.of(2027, 1, 31)),
                new Device("B-2", null, null),
                new Device("C-3", 1L, LocalDate.of(2026, 12, 1)));

        Tuple params = UnnestColumns.of(devices)
                .value("run-7")
                .column(String.class, Device::serial)
                .column(Long.class, Device::version)
                .column(LocalDate.class, Device::padExpiry)
                .tuple();

        assertThat(params.size()).isEqualTo(4);
        assertThat(params.getValue(0)).isEqualTo("run-7");
        assertThat(params.getValue(1)).isInstanceOf(String[].class);
        assertThat(params.getArrayOfStrings(1)).containsExactly("A-1", "B-2", "C-3");
        assertThat(params.getArrayOfLongs(2)).containsExactly(3L, null, 1L);
        assertThat(params.getArrayOfLocalDates(3))
                .containsExactly(LocalDate.of(2027, 1, 31), null, LocalDate.of(2026, 12, 1));
    }

    @Test
    void noRowsGiveEmptyArrays() {
        Tuple params = UnnestColumns.of(List.<Device>of())
                .column(String.class, Device::serial)
                .tuple();

        assertThat(params.getArrayOfStrings(0)).isEmpty();
    }
}
