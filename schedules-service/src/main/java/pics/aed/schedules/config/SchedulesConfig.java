package pics.aed.schedules.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import pics.aed.schedules.domain.PlanCalendar;

/** The settings of schedules-service ({@code aedpics.schedules.*}); README "Configuration" describes each. */
@ConfigMapping(prefix = "aedpics.schedules")
public interface SchedulesConfig {

    /** How far in the past a new time may lie (clock skew, a form filled in slowly). */
    @WithDefault("PT5M")
    Duration pastTolerance();

    /** The time zone of months, working days and due times. */
    @WithDefault("Asia/Seoul")
    ZoneId zone();

    /** When a working day's inspections may start. */
    @WithDefault("09:00")
    LocalTime workdayStart();

    /** When a working day's inspections must have started by (exclusive). */
    @WithDefault("18:00")
    LocalTime workdayEnd();

    /** How often the once-cluster-wide job marks overdue schedules missed (a Quarkus scheduler interval). */
    @WithDefault("1m")
    String missedSweepEvery();

    /** How many overdue schedules one transaction of the missed job marks. */
    @WithDefault("500")
    int missedBatchSize();

    default PlanCalendar calendar() {
        return new PlanCalendar(zone(), workdayStart(), workdayEnd());
    }
}
