package pics.aed.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The devices the virtual users work on, read once from the registry (sync-service's {@code GET /api/devices}) before
 * the load starts: pages spread evenly over the whole registry, shuffled with a fixed seed. Each inspector's day takes
 * the next device, so no two concurrent users open a session on one device (at most one open session per device is
 * the rule; the suite measures the platform, not that rule's 409).
 */
public final class DeviceCatalog {

    /** A device as an inspector finds it; its coordinates lie in Korea (the sessions API's bounds). */
    public record Device(String serial, String sido, String gugun, double latitude, double longitude) {}

    /** An administrator's area. */
    public record Area(String sido, String gugun) {}

    private static final int PAGE_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Device> devices;
    private final List<Area> areas;

    private DeviceCatalog(List<Device> devices) {
        this.devices = List.copyOf(devices);
        this.areas = devices.stream()
                .map(device -> new Area(device.sido(), device.gugun()))
                .distinct()
                .toList();
    }

    public static DeviceCatalog load(String syncBaseUrl, String masterToken, int maxDevices) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        JsonNode first = page(client, syncBaseUrl, masterToken, 0);
        long total = first.path("total").asLong();
        long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int wanted = (int) Math.min(pages, Math.max(1, maxDevices / PAGE_SIZE));
        List<Device> devices = new ArrayList<>(usable(first));
        for (int i = 1; i < wanted; i++) {
            long pageNumber = i * pages / wanted;
            devices.addAll(usable(page(client, syncBaseUrl, masterToken, pageNumber)));
        }
        if (devices.isEmpty()) {
            throw new IllegalStateException("the registry at " + syncBaseUrl + " holds no device with coordinates");
        }
        Collections.shuffle(devices, new Random(16));
        System.out.println("device catalog: " + devices.size() + " devices of " + total + " in the registry");
        return new DeviceCatalog(devices);
    }

    public List<Device> devices() {
        return devices;
    }

    public List<Area> areas() {
        return areas;
    }

    private static JsonNode page(HttpClient client, String baseUrl, String token, long pageNumber) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        baseUrl + "/api/devices?dataStatus=active&size=" + PAGE_SIZE + "&page=" + pageNumber))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<Device> usable(JsonNode page) {
        List<Device> found = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            JsonNode lat = item.path("latitude");
            JsonNode lon = item.path("longitude");
            if (!lat.isNumber()
                    || !lon.isNumber()
                    || item.path("gugun").isMissingNode()
                    || item.path("gugun").isNull()) {
                continue;
            }
            Device device = new Device(
                    item.path("equipmentSerial").asText(),
                    item.path("sido").asText(),
                    item.path("gugun").asText(),
                    lat.asDouble(),
                    lon.asDouble());
            if (inKorea(device)) {
                found.add(device);
            }
        }
        return found;
    }

    private static boolean inKorea(Device device) {
        return device.latitude() >= 33
                && device.latitude() <= 39
                && device.longitude() >= 124
                && device.longitude() <= 132;
    }
}
