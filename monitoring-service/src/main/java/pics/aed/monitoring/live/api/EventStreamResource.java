package pics.aed.monitoring.live.api;

import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import pics.aed.monitoring.live.domain.ResumePoint;
import pics.aed.monitoring.live.domain.StreamFilter;
import pics.aed.monitoring.live.store.EventLogStore;
import pics.aed.monitoring.live.stream.EventHub;
import pics.aed.monitoring.live.stream.StreamItem;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;

/** {@code GET /api/monitoring/events}: the live event stream (the HTTP contract, "Live events"). */
@Path("/api/monitoring/events")
public class EventStreamResource {

    private final CurrentCaller caller;
    private final EventLogStore log;
    private final EventHub hub;

    public EventStreamResource(CurrentCaller caller, EventLogStore log, EventHub hub) {
        this.caller = caller;
        this.log = log;
        this.hub = hub;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({
        Role.MASTER_NAME,
        Role.SERVICE_NAME,
        Role.LOCAL_ADMIN_NAME,
        Role.REGIONAL_ADMIN_NAME,
        Role.INSPECTOR_NAME
    })
    public Multi<OutboundSseEvent> events(
            @RestQuery("types") List<String> types,
            @RestQuery("sido") String sido,
            @RestQuery("gugun") String gugun,
            @RestHeader("Last-Event-ID") String lastEventId,
            @Context UriInfo uri,
            @Context Sse sse,
            @Context HttpServerResponse response) {
        refuseTokenInUrl(uri);
        StreamFilter filter = StreamFilter.of(caller.get(), types, sido, gugun);
        ResumePoint.requireValid(lastEventId);
        return log.horizon()
                .map(horizon -> ResumePoint.decide(lastEventId, horizon.prunedThrough(), horizon.head()))
                .onItem()
                .transformToMulti(
                        resume -> Multi.createFrom().publisher(hub.subscribe(filter, resume, response::reset)))
                .map(item -> toSse(sse, item));
    }

    /** A token in the URL ends up in access logs and browser history: refuse it rather than ignore it. */
    private static void refuseTokenInUrl(UriInfo uri) {
        var query = uri.getQueryParameters();
        if (query.containsKey("access_token") || query.containsKey("token")) {
            throw Problems.validation("access_token", "Send the token in the Authorization header, never in the URL.");
        }
    }

    private static OutboundSseEvent toSse(Sse sse, StreamItem item) {
        if (item instanceof StreamItem.Event event) {
            return sse.newEventBuilder()
                    .id(Long.toString(event.event().position()))
                    .name(event.event().type())
                    .data(event.event().json())
                    .build();
        }
        if (item instanceof StreamItem.Reset reset) {
            return sse.newEventBuilder()
                    .id(Long.toString(reset.resumeFrom()))
                    .name("reset")
                    .data(new JsonObject()
                            .put("reason", "position-not-retained")
                            .put("lastEventId", reset.lastEventId())
                            .put("resumeFrom", reset.resumeFrom())
                            .encode())
                    .build();
        }
        StreamItem.Comment comment = (StreamItem.Comment) item;
        OutboundSseEvent.Builder builder = sse.newEventBuilder().comment(comment.text());
        return comment.retryMillis() > 0
                ? builder.reconnectDelay(comment.retryMillis()).build()
                : builder.build();
    }
}
