package pics.aed.sync.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import pics.aed.events.devices.DeviceSnapshot;
import pics.aed.platform.problem.Problems;
import pics.aed.platform.security.Caller;
import pics.aed.platform.security.CurrentCaller;
import pics.aed.platform.security.Role;
import pics.aed.platform.security.ScopeGuard;
import pics.aed.platform.sql.Page;
import pics.aed.platform.sql.PageRequest;
import pics.aed.platform.sql.QueryParams;
import pics.aed.sync.store.DeviceStore;

/**
 * The HTTP contract "Devices": the registry, read within the caller's scope (inspectors and local admins: their sido + gugun,
 * regional admins: their sido, master and service: everything). Outside the scope a device is a 404 and lists leave
 * it out.
 */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "devices")
@RolesAllowed(Role.EVERY_ROLE)
public class DevicesResource {

    static final double MAX_RADIUS_METERS = 5000;
    static final double DEFAULT_RADIUS_METERS = 1000;

    private final CurrentCaller callers;
    private final Pool pool;
    private final DeviceStore devices;

    public DevicesResource(CurrentCaller callers, Pool pool, DeviceStore devices) {
        this.callers = callers;
        this.pool = pool;
        this.devices = devices;
    }

    @GET
    @Path("/{equipmentSerial}")
    @Operation(summary = "One device of the registry")
    public Uni<DeviceJson> get(@PathParam("equipmentSerial") String equipmentSerial) {
        Caller caller = callers.get();
        if (equipmentSerial.length() > 50) {
            throw Problems.notFound("Device not found.");
        }
        return devices.find(pool, equipmentSerial).map(found -> {
            var device = found.orElseThrow(() -> Problems.notFound("Device " + equipmentSerial + " not found."));
            ScopeGuard.requireVisible(caller, device.region(), false, "Device");
            return DeviceJson.of(device);
        });
    }

    @GET
    @Operation(summary = "Devices in the caller's scope, by equipment serial; q matches institution or address")
    public Uni<Page<DeviceJson>> list(
            @QueryParam("sido") String sido,
            @QueryParam("gugun") String gugun,
            @QueryParam("q") String q,
            @QueryParam("dataStatus") String dataStatus,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Caller caller = callers.get();
        PageRequest paging = PageRequest.of(page, size);
        DeviceSnapshot.DataStatus status =
                QueryParams.enumValue("dataStatus", dataStatus, DeviceSnapshot.DataStatus.class);
        String text = QueryParams.text("q", q, 100);
        DeviceStore.Filter filter = new DeviceStore.Filter(
                QueryParams.text("sido", sido, 50),
                QueryParams.text("gugun", gugun, 50),
                text,
                status == null ? null : status.name(),
                caller.visibleArea());
        return devices.list(pool, filter, paging).map(found -> found.map(DeviceJson::of));
    }

    @GET
    @Path("/nearby")
    @Operation(summary = "Devices within radiusMeters (≤ 5000, default 1000) of a point, nearest first")
    public Uni<Page<DeviceJson>> nearby(
            @QueryParam("latitude") String latitude,
            @QueryParam("longitude") String longitude,
            @QueryParam("radiusMeters") String radiusMeters,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Caller caller = callers.get();
        PageRequest paging = PageRequest.of(page, size);
        double lat = coordinate("latitude", latitude, -90, 90);
        double lon = coordinate("longitude", longitude, -180, 180);
        double radius = radiusMeters == null || radiusMeters.isBlank()
                ? DEFAULT_RADIUS_METERS
                : number("radiusMeters", radiusMeters);
        if (!(radius > 0 && radius <= MAX_RADIUS_METERS)) {
            throw Problems.validation("radiusMeters", "must be more than 0 and at most 5000");
        }
        return devices.nearby(pool, lat, lon, radius, caller.visibleArea(), paging)
                .map(found -> found.map(n -> DeviceJson.of(n.device(), n.distanceMeters())));
    }

    private static double coordinate(String name, String value, double min, double max) {
        if (value == null || value.isBlank()) {
            throw Problems.validation(name, "is required");
        }
        double parsed = number(name, value);
        if (parsed < min || parsed > max) {
            throw Problems.validation(name, "must be between " + (int) min + " and " + (int) max);
        }
        return parsed;
    }

    private static double number(String name, String value) {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw Problems.validation(name, "must be a number");
        }
    }
}
