package pics.aed.monitoring.live.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pics.aed.events.CloudEvent;
import pics.aed.events.EventTypes;

class EventPlacementTest {

    @Test
    void device_and_schedule_events_carry_their_region() {
        assertThat(EventPlacement.fromEvent(event(EventTypes.DEVICE_UPSERTED, "D1", """
                        {"equipmentSerial": "D1", "sido": "서울특별시", "gugun": "종로구"}""")))
                .contains(Placement.ofRegion("서울특별시", "종로구"));
        assertThat(EventPlacement.fromEvent(event(EventTypes.SCHEDULE_CREATED, "D1", """
                        {"scheduleId": "s", "sido": "부산광역시", "gugun": "중구"}""")))
                .contains(Placement.ofRegion("부산광역시", "중구"));
    }

    @Test
    void session_events_ask_the_device_view_and_an_unknown_device_is_restricted() {
        CloudEvent started = event(EventTypes.SESSION_STARTED, "D1", """
                {"sessionId": "s", "equipmentSerial": "D1"}""");
        assertThat(EventPlacement.fromEvent(started)).isEmpty();
        assertThat(EventPlacement.deviceSerial(started)).contains("D1");
        assertThat(EventPlacement.forDevice(Optional.empty())).isEqualTo(Placement.RESTRICTED);
    }

    @Test
    void sync_runs_are_national_and_alerts_follow_their_labels() {
        assertThat(EventPlacement.fromEvent(event(EventTypes.SYNC_RUN_FAILED, "run-1", "{\"runId\": \"run-1\"}")))
                .contains(Placement.NATIONAL);
        assertThat(EventPlacement.fromEvent(event(EventTypes.ALERT_FIRING, "sync-failing", """
                        {"rule": "sync-failing", "labels": {}}""")))
                .contains(Placement.NATIONAL);
        assertThat(EventPlacement.fromEvent(event(EventTypes.ALERT_FIRING, "x", """
                        {"rule": "device-readiness", "labels": {"sido": "서울특별시", "gugun": "중구"}}""")))
                .contains(Placement.ofRegion("서울특별시", "중구"));
        assertThat(EventPlacement.fromEvent(event(EventTypes.ALERT_RESOLVED, "x", """
                        {"alert": {"rule": "device-readiness", "labels": {"sido": "서울특별시"}}}""")))
                .contains(Placement.ofRegion("서울특별시", null));
    }

    @Test
    void an_event_that_names_no_region_and_no_device_is_restricted() {
        assertThat(EventPlacement.fromEvent(event("pics.aed.something.new", null, "[1, 2]")))
                .contains(Placement.RESTRICTED);
        assertThat(EventPlacement.fromEvent(event("pics.aed.something.new", null, "not json")))
                .contains(Placement.RESTRICTED);
    }

    private static CloudEvent event(String type, String subject, String data) {
        return new CloudEvent("id", "/aedpics/test", type, subject, OffsetDateTime.now(), data);
    }
}
